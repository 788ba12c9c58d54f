package io.restoredrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.restoredrill.core.postgres.PgBinaries;
import io.restoredrill.testing.PostgresFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pg_restore killed by SIGKILL in the middle of a drill (the OOM killer, an operator). To make the
 * kill certain rather than a race, the drill gets a --pg-bin whose programs are this machine's own,
 * except that pg_restore sends itself SIGKILL when asked to restore (it still answers --version
 * and --list, which the drill uses while planning).
 */
class KilledRestoreDrillTest {

    @TempDir
    Path tmp;

    /** This machine's PostgreSQL programs, with a pg_restore that is killed the moment it restores. */
    private Path binariesWithAKilledPgRestore() throws IOException {
        Path real = PgBinaries.find(Optional.empty(), "PATH", 0).program("pg_restore").getParent();
        Path bin = Files.createDirectories(PostgresFixture.reachableByServer(tmp).resolve("bin"));
        try (Stream<Path> programs = Files.list(real)) {
            for (Path program : programs.toList()) {
                if (!program.getFileName().toString().equals("pg_restore")) {
                    Files.createSymbolicLink(bin.resolve(program.getFileName()), program);
                }
            }
        }
        Path wrapper = bin.resolve("pg_restore");
        Files.writeString(wrapper, """
                #!/bin/sh
                for arg in "$@"; do
                  case "$arg" in --version|-V|--list|-l) exec %s "$@" ;; esac
                done
                kill -9 $$
                """.formatted(real.resolve("pg_restore")));
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    @Test
    void aPgRestoreKilledMidDrillFailsTheDrillInRestoreAndLeavesNothingBehind() throws Exception {
        // GIVEN the embedded default, with a pg_restore that will be killed
        Path bin = binariesWithAKilledPgRestore();
        Path work = Files.createDirectories(PostgresFixture.reachableByServer(tmp).resolve("work"));

        // WHEN the drill runs
        DrillProcess.Result result = DrillProcess.run(Map.of(), "local", "--pg-bin", bin.toString(),
                "--work-dir", work.toString(), "--out", tmp.resolve("out").toString());

        // THEN it fails in Restore with exit code 1, saying pg_restore failed, and leaves no cluster, process or file
        assertThat(result.exitCode()).as(result.all()).isEqualTo(DrillCommand.FAILED);
        assertThat(result.stdout()).contains("✘ Restore").endsWith(
                "Restore drill FAILED — pg_restore failed: it was killed by signal 9 (SIGKILL: the out-of-memory killer,"
                        + " or someone) before it said why.\n");
        assertThat(Reports.only(tmp.resolve("out")).verdict()).isEqualTo(io.restoredrill.core.model.Verdict.FAILED);
        Leftovers.assertNone(work);
    }
}
