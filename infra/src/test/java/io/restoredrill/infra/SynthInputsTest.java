package io.restoredrill.infra;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restoredrill.core.error.EnvironmentException;
import io.restoredrill.infra.config.ConfigLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;

/**
 * GIVEN a checkout where the functions jar or a state machine definition is missing, WHEN the app
 * synthesizes, THEN it stops before defining anything, with a sentence naming the file and the fix.
 */
class SynthInputsTest {

    @Test
    void aMissingJarNamesTheBuildCommand() {
        AppInputs inputs = new AppInputs(Synthesized.EXAMPLE, Path.of("target/nothing/restore-drill-functions.jar"),
                Path.of(AppInputs.DEFAULT_STATEMACHINE_DIR));
        assertThatThrownBy(() -> RestoreDrillStacks.define(new App(), ConfigLoader.load(Synthesized.EXAMPLE), inputs))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("target/nothing/restore-drill-functions.jar is missing")
                .hasMessageContaining("`mvn -pl functions -am package`");
    }

    @Test
    void aMissingDefinitionNamesIt() {
        AppInputs inputs = new AppInputs(Synthesized.EXAMPLE, Path.of(AppInputs.DEFAULT_JAR), Path.of("target/nowhere"));
        assertThatThrownBy(() -> RestoreDrillStacks.define(new App(), ConfigLoader.load(Synthesized.EXAMPLE), inputs))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("target/nowhere/restore-drill.asl.json is missing");
    }
}
