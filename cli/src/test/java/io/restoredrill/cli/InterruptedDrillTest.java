package io.restoredrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.restoredrill.testing.PostgresFixture;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** A drill stopped with SIGTERM (as Ctrl-C would) in the middle still leaves nothing behind. */
class InterruptedDrillTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "terminated as {0} starts")
    @ValueSource(strings = {"Snapshot", "Restore", "Verify"})
    void aTerminatedDrillStopsItsClustersAndRemovesItsFiles(String phase) throws Exception {
        // GIVEN the embedded default running as its own process
        Path work = Files.createDirectories(PostgresFixture.reachableByServer(tmp).resolve("work"));
        Process drill = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DrillCommand.class.getName(),
                "local", "--work-dir", work.toString(), "--out", tmp.resolve("out").toString()))
                .redirectErrorStream(true).start();

        // WHEN it is terminated as soon as the phase starts
        boolean sawPhase = false;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(drill.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("▶ " + phase)) {
                    sawPhase = true;
                    drill.destroy();
                    break;
                }
            }
            assertThat(drill.waitFor(2, TimeUnit.MINUTES)).isTrue();
        }

        // THEN it exited, and no cluster, process or file of the drill remains
        assertThat(sawPhase).isTrue();
        Leftovers.assertNone(work);
    }
}
