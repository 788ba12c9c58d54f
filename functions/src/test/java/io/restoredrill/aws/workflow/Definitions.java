package io.restoredrill.aws.workflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The state machine definitions in statemachine/, and their {@code ${Placeholders}}. */
final class Definitions {

    static final String DRILL = "restore-drill.asl.json";
    static final String FLEET = "restore-drill-fleet.asl.json";
    static final String RESTORE_TEST = "restore-test.asl.json";

    /** The handlers, in drill order: state name = handler name = {@code ${<name>FunctionArn}}. */
    static final List<String> TASKS = List.of("Plan", "Snapshot", "CheckSnapshot", "Copy", "CheckCopy", "Restore",
            "CheckRestore", "Credentials", "Verify", "Cleanup", "Publish");

    /** What the CDK stack substitutes in the drill definition (docs/workflow.md), and nothing else. */
    static final Set<String> DRILL_PLACEHOLDERS = Set.copyOf(TASKS.stream().map(task -> task + "FunctionArn").toList());
    static final Set<String> FLEET_PLACEHOLDERS = Set.of("DrillStateMachineArn");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    private Definitions() {
    }

    static Path repository() {
        return Path.of(System.getProperty("user.dir")).getParent();
    }

    static Path file(String name) {
        return repository().resolve("statemachine").resolve(name);
    }

    static String read(String name) {
        try {
            return Files.readString(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Set<String> placeholders(String definition) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(definition);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    /** The definition with every placeholder replaced; one left over is an error. */
    static String substituted(String definition, Map<String, String> values) {
        String result = definition;
        for (Map.Entry<String, String> value : values.entrySet()) {
            result = result.replace("${" + value.getKey() + "}", value.getValue());
        }
        Set<String> left = placeholders(result);
        if (!left.isEmpty()) {
            throw new IllegalArgumentException("placeholders without a value: " + left);
        }
        return result;
    }

    /** The drill definition as the tests run it: each function named after its state. */
    static String drillWithFunctionNames() {
        Map<String, String> names = new LinkedHashMap<>();
        TASKS.forEach(task -> names.put(task + "FunctionArn", task));
        return substituted(read(DRILL), names);
    }

    /** The Tasks of the restore-test definition, in the order a passed restore test runs them. */
    static final List<String> RESTORE_TEST_TASKS = List.of("Plan", "Restore", "CheckRestore", "Credentials", "Verify",
            "Cleanup", "Publish", "AnswerRestoreTest");

    /** The restore-test definition as the tests run it: each function named after its state. */
    static String restoreTestWithFunctionNames() {
        Map<String, String> names = new LinkedHashMap<>();
        RESTORE_TEST_TASKS.forEach(task -> names.put(task + "FunctionArn", task));
        return substituted(read(RESTORE_TEST), names);
    }

    /** Writes a definition to a file in {@code dir}. */
    static Path write(Path dir, String name, String definition) {
        try {
            return Files.writeString(dir.resolve(name), definition);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
