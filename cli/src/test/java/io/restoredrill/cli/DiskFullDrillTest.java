package io.restoredrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.restoredrill.core.model.Verdict;
import io.restoredrill.core.postgres.OsUser;
import io.restoredrill.testing.PostgresFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk fills up while pg_dump writes the snapshot: the work directory is a 2 MB tmpfs, and the
 * source's dump needs about 7 MB even compressed. Mounting needs root, which is how the test suite
 * runs here; as anyone else this test fails saying so rather than pretend.
 */
class DiskFullDrillTest {

    @TempDir
    Path tmp;

    @Test
    void aDiskThatFillsDuringTheDumpFailsTheSnapshotSayingSoAndLeavesNothingBehind() throws Exception {
        assertThat(OsUser.isRoot()).as("this test mounts a small tmpfs, which needs root").isTrue();
        // GIVEN a work directory on a file system with room for 2 MB
        Path work = Files.createDirectories(PostgresFixture.reachableByServer(tmp).resolve("work"));
        run("mount", "-t", "tmpfs", "-o", "size=2m,mode=0755", "tmpfs", work.toString());
        try {
            // WHEN a database of random text is drilled with its work there
            DrillProcess.Result result;
            try (PostgresFixture source = PostgresFixture.start()) {
                source.createDatabase("bulky");
                source.execute("bulky", "CREATE TABLE noise AS SELECT g AS id, md5(random()::text) || md5(random()::text) AS hex"
                        + " FROM generate_series(1, 200000) g;"
                        + " CREATE ROLE reader LOGIN PASSWORD 'reader-pw-1'; GRANT pg_read_all_data TO reader;");
                result = DrillProcess.run(Map.of("SOURCE_PW", "reader-pw-1"), "local",
                        "--source-url", "jdbc:postgresql://127.0.0.1:" + source.cluster().port() + "/bulky",
                        "--user", "reader", "--password-env", "SOURCE_PW",
                        "--work-dir", work.toString(), "--out", tmp.resolve("out").toString());
            }

            // THEN Snapshot fails with the file system's own words, the drill fails, and nothing is left there
            assertThat(result.exitCode()).as(result.all()).isEqualTo(DrillCommand.FAILED);
            assertThat(result.stdout()).contains("✘ Snapshot").contains("No space left on device");
            assertThat(Reports.only(tmp.resolve("out")).verdict()).isEqualTo(Verdict.FAILED);
            Leftovers.assertNone(work);
        } finally {
            run("umount", work.toString());
        }
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }
}
