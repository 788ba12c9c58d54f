package io.restoredrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.restoredrill.testing.PostgresFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --keep: the restored copy stays up, reachable on loopback only, and the printed stop command ends it. */
class KeepDrillTest {

    private static final Pattern CONNECT = Pattern.compile(
            "Connect: PGPASSFILE=(\\S+) psql -h 127\\.0\\.0\\.1 -p (\\d+) -U drill demo_shop");
    /** The command --keep prints to stop the kept copy and remove its directory. */
    static final Pattern STOP = Pattern.compile("Stop: +(.+)");

    @TempDir
    Path tmp;

    @Test
    void aKeptClusterAnswersOnLoopbackOnlyWithThePgpassFileAndStopsWithThePrintedCommand() throws Exception {
        // GIVEN a demo drill run with --keep
        Path work = Files.createDirectories(PostgresFixture.reachableByServer(tmp).resolve("work"));
        DrillProcess.Result result = DrillProcess.run("local", "--keep", "--work-dir", work.toString(),
                "--out", tmp.resolve("out").toString());
        assertThat(result.exitCode()).as(result.all()).isZero();
        Matcher connect = CONNECT.matcher(result.stdout());
        Matcher stop = STOP.matcher(result.stdout());
        assertThat(connect.find()).as(result.stdout()).isTrue();
        assertThat(stop.find()).as(result.stdout()).isTrue();
        Path pgpass = Path.of(connect.group(1));
        int port = Integer.parseInt(connect.group(2));
        try {
            // THEN the password is only in the 0600 pgpass file, and it opens the restored copy
            assertThat(Files.getPosixFilePermissions(pgpass)).hasSize(2);
            String password = Files.readString(pgpass).strip().split(":", 5)[4];
            assertThat(result.all()).doesNotContain(password);
            // (nor in any report, Markdown, HTML or drill-log file the drill wrote)
            try (java.util.stream.Stream<Path> written = Files.walk(tmp.resolve("out"))) {
                for (Path file : written.filter(Files::isRegularFile).toList()) {
                    assertThat(Files.readString(file)).as(file.toString()).doesNotContain(password);
                }
            }
            Properties props = new Properties();
            props.setProperty("user", "drill");
            props.setProperty("password", password);
            try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/demo_shop", props);
                 ResultSet rows = connection.createStatement().executeQuery("SELECT count(*) FROM orders")) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(60_000);
            }
            // AND the kernel's socket table shows it listening on 127.0.0.1 only, on no other
            // address of IPv4 or IPv6 (read from /proc, so no packet leaves loopback to check)
            assertThat(ProcNet.listeningAddresses(port)).containsExactly("0100007F");
        } finally {
            // WHEN the printed stop command runs
            Process stopping = new ProcessBuilder("bash", "-c", stop.group(1)).redirectErrorStream(true).start();
            assertThat(stopping.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(stopping.exitValue()).as(new String(stopping.getInputStream().readAllBytes())).isZero();
        }
        // THEN nothing of the drill is left
        Leftovers.assertNone(work);
    }
}
