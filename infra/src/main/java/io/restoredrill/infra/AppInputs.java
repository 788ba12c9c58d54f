package io.restoredrill.infra;

import java.nio.file.Path;
import java.util.Map;
import software.constructs.Node;

/**
 * Where the app finds its inputs, relative to the directory {@code cdk} runs in (infra/, where
 * cdk.json is). Each comes from the environment, else cdk.json's context, else its default.
 *
 * @param configFile      {@code RESTORE_DRILL_CONFIG}, context {@code configFile}
 * @param functionsJar    {@code RESTORE_DRILL_FUNCTIONS_JAR}, context {@code functionsJar}
 * @param stateMachineDir {@code RESTORE_DRILL_STATEMACHINE_DIR}, context {@code stateMachineDir}
 */
public record AppInputs(Path configFile, Path functionsJar, Path stateMachineDir) {

    public static final String DEFAULT_CONFIG = "config/example.json";
    public static final String DEFAULT_JAR = "../functions/target/restore-drill-functions.jar";
    public static final String DEFAULT_STATEMACHINE_DIR = "../statemachine";

    public static AppInputs from(Node context, Map<String, String> env) {
        return new AppInputs(
                Path.of(pick(env, "RESTORE_DRILL_CONFIG", context, "configFile", DEFAULT_CONFIG)),
                Path.of(pick(env, "RESTORE_DRILL_FUNCTIONS_JAR", context, "functionsJar", DEFAULT_JAR)),
                Path.of(pick(env, "RESTORE_DRILL_STATEMACHINE_DIR", context, "stateMachineDir", DEFAULT_STATEMACHINE_DIR)));
    }

    public Path drillDefinition() {
        return stateMachineDir.resolve("restore-drill.asl.json");
    }

    public Path restoreTestDefinition() {
        return stateMachineDir.resolve("restore-test.asl.json");
    }

    public Path fleetDefinition() {
        return stateMachineDir.resolve("restore-drill-fleet.asl.json");
    }

    private static String pick(Map<String, String> env, String variable, Node context, String key, String fallback) {
        String fromEnv = env.get(variable);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        Object fromContext = context.tryGetContext(key);
        return fromContext instanceof String text && !text.isBlank() ? text : fallback;
    }
}
