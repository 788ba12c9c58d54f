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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A drill stopped in the middle (SIGTERM, or Ctrl-C in a terminal) still leaves nothing behind. */
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

    @Test
    void ctrlCInATerminalStopsTheDrillAndItsToolsWithExitCode130AndLeavesNothing() throws Exception {
        // GIVEN the embedded default in its own process group, as a shell runs a foreground command
        Path work = Files.createDirectories(PostgresFixture.reachableByServer(tmp).resolve("work"));
        Process drill = new ProcessBuilder(List.of("setsid", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DrillCommand.class.getName(),
                "local", "--work-dir", work.toString(), "--out", tmp.resolve("out").toString()))
                .redirectErrorStream(true).start();

        // WHEN Ctrl-C is pressed during Restore: the terminal sends SIGINT to the whole group, so
        // pg_restore and the tools see it at the same moment as the drill
        StringBuilder printed = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(drill.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                printed.append(line).append('\n');
                if (line.startsWith("▶ Restore")) {
                    Process kill = new ProcessBuilder("kill", "-INT", "--", "-" + drill.pid()).inheritIO().start();
                    assertThat(kill.waitFor()).isZero();
                }
            }
            assertThat(drill.waitFor(2, TimeUnit.MINUTES)).isTrue();
        }

        // THEN it exits with the shell's code for SIGINT, writes no report, and nothing of it remains
        assertThat(drill.exitValue()).as(printed.toString()).isEqualTo(130);
        assertThat(printed.toString()).contains("▶ Restore").doesNotContain("Restore drill PASSED");
        assertThat(tmp.resolve("out")).doesNotExist();
        Leftovers.assertNone(work);
    }
}
