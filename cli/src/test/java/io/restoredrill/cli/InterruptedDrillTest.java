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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A drill stopped with SIGTERM (or Ctrl-C) in the middle still leaves nothing behind. */
class InterruptedDrillTest {

    @TempDir
    Path tmp;

    @Test
    void aDrillTerminatedDuringRestoreStopsItsClustersAndRemovesItsFiles() throws Exception {
        // GIVEN the embedded default running as its own process
        Path work = Files.createDirectories(PostgresFixture.reachableByServer(tmp).resolve("work"));
        Process drill = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DrillCommand.class.getName(),
                "local", "--work-dir", work.toString(), "--out", tmp.resolve("out").toString()))
                .redirectErrorStream(true).start();

        // WHEN it is terminated as soon as Restore starts (both clusters are running then)
        boolean sawRestore = false;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(drill.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("▶ Restore")) {
                    sawRestore = true;
                    drill.destroy();
                    break;
                }
            }
            assertThat(drill.waitFor(2, TimeUnit.MINUTES)).isTrue();
        }

        // THEN it exited, and no cluster, process or file of the drill remains
        assertThat(sawRestore).isTrue();
        Leftovers.assertNone(work);
    }
}
