package io.restoredrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.restoredrill.core.model.DrillReport;
import io.restoredrill.core.verify.CheckKind;
import io.restoredrill.core.verify.TableInventory;
import io.restoredrill.testing.PostgresFixture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: `drill local --source-url` against an existing database full of PostgreSQL's harder
 * parts, read through a role that can only read, plus every way the source can be wrong.
 */
class SourceUrlDrillTest {

    private static final String READER_PASSWORD = "Reader-Secret-4711";

    private static final String KITCHEN_SINK = """
            CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
            CREATE DOMAIN positive AS numeric CHECK (VALUE > 0);
            CREATE TYPE address AS (street text, city text);
            CREATE SCHEMA billing;
            CREATE TABLE people (
              id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
              name text NOT NULL, feeling mood, home address, tags text[], profile jsonb,
              born date, active_during tstzrange, photo bytea, balance money, ip inet, uid uuid,
              nap interval, score double precision, name_upper text GENERATED ALWAYS AS (upper(name)) STORED);
            CREATE INDEX people_tags ON people USING gin (tags);
            CREATE INDEX people_name ON people (name);
            INSERT INTO people (name, feeling, home, tags, profile, born, active_during, photo, balance, ip, uid, nap, score)
            SELECT 'Person ' || g || ' ✓ ünïcödé', (ARRAY['sad','ok','happy']::mood[])[1 + g % 3],
                   ROW('Street ' || g, 'City ' || g % 7)::address, ARRAY['t' || g % 5, 'x'], jsonb_build_object('n', g, 'odd', g % 2 = 1),
                   date '1970-01-01' + g, tstzrange(timestamptz '2020-01-01 00:00+00' + g * interval '1 hour', NULL),
                   decode(md5(g::text), 'hex'), (g * 1.25)::money, ('10.0.' || g % 250 || '.1')::inet, md5('u' || g)::uuid,
                   g * interval '1 minute', CASE WHEN g % 10 = 0 THEN NULL ELSE g / 3.0 END
            FROM generate_series(1, 3000) g;
            CREATE TABLE billing."order" (id serial PRIMARY KEY, person_id bigint REFERENCES people(id), amount positive NOT NULL,
                                           note text);
            INSERT INTO billing."order" (person_id, amount, note)
            SELECT 1 + g % 3000, 1 + g % 100, repeat('long text to be toasted ', CASE WHEN g % 100 = 0 THEN 2000 ELSE 1 END)
            FROM generate_series(1, 9000) g;
            CREATE TABLE events (at timestamptz NOT NULL, kind text) PARTITION BY RANGE (at);
            CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
            CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
            INSERT INTO events SELECT timestamptz '2025-03-01 00:00+00' + g * interval '3 hours', 'k' || g % 4 FROM generate_series(1, 4000) g;
            CREATE MATERIALIZED VIEW order_totals AS SELECT person_id, sum(amount) AS total FROM billing."order" GROUP BY person_id;
            CREATE VIEW happy_people AS SELECT * FROM people WHERE feeling = 'happy';
            CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.note := coalesce(NEW.note, 'n/a'); RETURN NEW; END $$;
            CREATE TRIGGER order_touch BEFORE INSERT ON billing."order" FOR EACH ROW EXECUTE FUNCTION touch();
            CREATE TABLE feelings (id int PRIMARY KEY, feeling mood NOT NULL, history mood[], at date);
            INSERT INTO feelings SELECT g, (ARRAY['sad','ok','happy']::mood[])[1 + g % 3],
                   ARRAY[(ARRAY['sad','ok','happy']::mood[])[1 + (g + 1) % 3]], date '2026-01-01' + g
            FROM generate_series(1, 500) g;
            CREATE TABLE catalog_links (id int, target regclass, kind regtype);
            INSERT INTO catalog_links VALUES (1, 'people', 'mood'), (2, 'billing."order"', 'address');
            CREATE TABLE "Mixed Case" ("Weird Column" int);
            INSERT INTO "Mixed Case" VALUES (1), (1), (NULL);
            CREATE ROLE drill_reader LOGIN PASSWORD 'READER_PASSWORD';
            GRANT pg_read_all_data TO drill_reader;
            """.replace("READER_PASSWORD", READER_PASSWORD);

    private static PostgresFixture source;

    @TempDir
    Path tmp;

    @BeforeAll
    static void createSource() {
        source = PostgresFixture.start();
        source.createDatabase("kitchen_sink");
        source.execute("kitchen_sink", KITCHEN_SINK);
    }

    @AfterAll
    static void stopSource() {
        source.close();
    }

    private String url() {
        return "jdbc:postgresql://127.0.0.1:" + source.cluster().port() + "/kitchen_sink";
    }

    private DrillProcess.Result drill(String password, String... extra) {
        Map<String, String> env = new HashMap<>();
        env.put("SOURCE_PW", password);
        List<String> args = new java.util.ArrayList<>(List.of("local", "--source-url", url(), "--user", "drill_reader",
                "--password-env", "SOURCE_PW", "--out", tmp.resolve("out").toString(), "--work-dir", work().toString()));
        args.addAll(List.of(extra));
        return DrillProcess.run(env, args.toArray(String[]::new));
    }

    private Path work() {
        try {
            return Files.createDirectories(PostgresFixture.reachableByServer(tmp).resolve("work"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void drillsAnExistingDatabaseReadOnlyAndReportsTheSourcesExactRowCounts() throws Exception {
        // GIVEN the source's own counts, taken the plain way
        Map<String, Long> sourceCounts = countEveryTable();

        // WHEN it is drilled through a read-only role, comparing with the source's snapshot
        DrillProcess.Result result = drill(READER_PASSWORD, "--compare-source", "--name", "Kitchen Sink!");

        // THEN the drill passes and the report's count for every table equals count(*) on the source
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.lastLine()).startsWith("Restore drill PASSED — 16505 rows verified in");
        DrillReport report = Reports.only(tmp.resolve("out"));
        assertThat(report.source().name()).isEqualTo("kitchen-sink");
        assertThat(report.verification().inventory().tables().stream()
                .collect(Collectors.toMap(TableInventory::qualifiedName, TableInventory::rows)))
                .isEqualTo(sourceCounts);
        assertThat(report.verification().checks()).filteredOn(c -> c.kind() == CheckKind.TABLE_INVENTORY)
                .allSatisfy(c -> assertThat(c.measured()).isEqualTo(c.expected()));
        assertThat(report.verification().passed()).isTrue();
        // AND the source was only read: no extension, role or object was added to it
        assertThat(scalar("SELECT count(*) FROM pg_extension WHERE extname = 'amcheck'")).isZero();
        // AND the password appears nowhere in what the drill printed or wrote
        assertThat(result.all()).doesNotContain(READER_PASSWORD);
        try (Stream<Path> files = Files.walk(tmp.resolve("out"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain(READER_PASSWORD);
            }
        }
        Leftovers.assertNone(work());
    }

    @Test
    void theSourceMayBeAServiceWithItsPasswordInPgpassOrAUriWithPgpassword() throws Exception {
        // GIVEN a connection service file naming the source, and a pgpass file with its password, as psql users keep them
        int port = source.cluster().port();
        Path services = Files.writeString(tmp.resolve("pg_service.conf"),
                "[kitchen]\nhost=127.0.0.1\nport=" + port + "\ndbname=kitchen_sink\nuser=drill_reader\n");
        Path pgpass = Files.writeString(tmp.resolve("pgpass"), "127.0.0.1:" + port + ":kitchen_sink:drill_reader:"
                + READER_PASSWORD + "\n");
        Files.setPosixFilePermissions(pgpass, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

        // WHEN the drill is given only the service's name, and then a libpq URI with the password in PGPASSWORD
        DrillProcess.Result service = DrillProcess.run(Map.of("PGSERVICEFILE", services.toString(), "PGPASSFILE",
                pgpass.toString()), "local", "--source-url", "service=kitchen", "--out", tmp.resolve("out").toString(),
                "--work-dir", work().toString());
        DrillProcess.Result uri = DrillProcess.run(Map.of("PGPASSWORD", READER_PASSWORD), "local", "--source-url",
                "postgresql://drill_reader@127.0.0.1:" + port + "/kitchen_sink?sslmode=disable",
                "--out", tmp.resolve("out2").toString(), "--work-dir", work().toString());

        // THEN both pass: pg_dump and the driver found the password where libpq looks for it; it is printed nowhere
        assertThat(service.exitCode()).as(service.all()).isZero();
        assertThat(service.stdout()).contains("Source kitchen-sink (PostgreSQL");
        assertThat(uri.exitCode()).as(uri.all()).isZero();
        assertThat(service.all() + uri.all()).doesNotContain(READER_PASSWORD);
        Leftovers.assertNone(work());
    }

    @Test
    void anEmptyDatabaseFailsTheDrillSayingItHoldsNoUserData() {
        // GIVEN a database that exists but holds nothing (the wrong database, or one whose data never arrived)
        source.createDatabase("brand_new");

        // WHEN it is drilled
        DrillProcess.Result result = DrillProcess.run(Map.of("SOURCE_PW", READER_PASSWORD), "local", "--source-url",
                url().replace("/kitchen_sink", "/brand_new"), "--user", "drill_reader", "--password-env", "SOURCE_PW",
                "--out", tmp.resolve("out").toString(), "--work-dir", work().toString());

        // THEN the drill fails (exit 1) and its last line says there was nothing to verify and what to do
        assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
        assertThat(result.lastLine()).startsWith("Restore drill FAILED").contains("no user table");
        DrillReport report = Reports.only(tmp.resolve("out"));
        assertThat(report.verification().checks()).filteredOn(c -> c.kind() == CheckKind.USER_DATA).singleElement()
                .satisfies(c -> assertThat(c.detail()).contains("expectEmpty: true"));
        Leftovers.assertNone(work());
    }

    @Test
    void aDatabaseWithForeignServersIsRestoredWithoutTheCredentialsThatWouldLetItConnectOut() throws Exception {
        // GIVEN a database whose materialized view reads, through postgres_fdw, from another database
        source.createDatabase("federated");
        source.execute("postgres", "CREATE ROLE fdw_probe LOGIN PASSWORD 'probe-pass'");
        source.execute("kitchen_sink", "GRANT SELECT ON people TO fdw_probe");
        source.execute("federated", """
                CREATE EXTENSION postgres_fdw;
                CREATE SERVER elsewhere FOREIGN DATA WRAPPER postgres_fdw
                  OPTIONS (host '127.0.0.1', port 'PORT', dbname 'kitchen_sink');
                CREATE USER MAPPING FOR PUBLIC SERVER elsewhere OPTIONS (user 'fdw_probe', password 'probe-pass');
                CREATE FOREIGN TABLE remote_people (id bigint, name text) SERVER elsewhere OPTIONS (table_name 'people');
                CREATE MATERIALIZED VIEW remote_names AS SELECT name FROM remote_people;
                CREATE TABLE local_notes (id int PRIMARY KEY, note text);
                INSERT INTO local_notes SELECT g, 'note ' || g FROM generate_series(1, 20) g;
                """.replace("PORT", Integer.toString(source.cluster().port())));

        // WHEN it is drilled (as the superuser, so the dump holds the user mapping) and kept for inspection
        source.execute("postgres", "ALTER ROLE drill_reader SUPERUSER");
        DrillProcess.Result result;
        try {
            result = DrillProcess.run(Map.of("SOURCE_PW", READER_PASSWORD), "local", "--source-url",
                    url().replace("/kitchen_sink", "/federated"), "--user", "drill_reader", "--password-env", "SOURCE_PW",
                    "--keep", "--out", tmp.resolve("out").toString(), "--work-dir", work().toString());
        } finally {
            source.execute("postgres", "ALTER ROLE drill_reader NOSUPERUSER");
        }

        // THEN it passes, saying what it left out; the copy holds no user mapping and its view was never refreshed
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.stdout()).contains("1 foreign-server user mapping(s) left out, 1 materialized view(s) left unpopulated");
        java.util.regex.Matcher connect = java.util.regex.Pattern
                .compile("Connect: PGPASSFILE=(\\S+) psql -h 127\\.0\\.0\\.1 -p (\\d+)").matcher(result.stdout());
        java.util.regex.Matcher stop = java.util.regex.Pattern.compile("Stop: +(.+)").matcher(result.stdout());
        assertThat(connect.find() && stop.find()).as(result.stdout()).isTrue();
        try {
            Properties props = new Properties();
            props.setProperty("user", "drill");
            props.setProperty("password", Files.readString(Path.of(connect.group(1))).strip().split(":", 5)[4]);
            try (Connection copy = java.sql.DriverManager.getConnection(
                    "jdbc:postgresql://127.0.0.1:" + connect.group(2) + "/federated", props);
                 Statement statement = copy.createStatement()) {
                ResultSet mappings = statement.executeQuery("SELECT count(*) FROM pg_user_mappings");
                mappings.next();
                assertThat(mappings.getLong(1)).isZero();
                ResultSet view = statement.executeQuery("SELECT relispopulated FROM pg_class WHERE relname = 'remote_names'");
                view.next();
                assertThat(view.getBoolean(1)).isFalse();
            }
        } finally {
            Process stopping = new ProcessBuilder("bash", "-c", stop.group(1)).start();
            assertThat(stopping.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
        }
        Leftovers.assertNone(work());
    }

    @Test
    void thePostgresDatabaseItselfCanBeDrilled() {
        // GIVEN data in the cluster's own postgres database, which every new cluster already has, owned (as on most
        // servers) by a role other than the restored cluster's superuser
        source.execute("postgres", "CREATE TABLE IF NOT EXISTS settings (k text PRIMARY KEY, v text); "
                + "INSERT INTO settings SELECT 'k' || g, 'v' || g FROM generate_series(1, 50) g ON CONFLICT DO NOTHING");
        source.execute("postgres", "CREATE ROLE cluster_admin; ALTER DATABASE postgres OWNER TO cluster_admin");

        // WHEN it is drilled
        DrillProcess.Result result;
        try {
            result = DrillProcess.run(Map.of("SOURCE_PW", READER_PASSWORD), "local", "--source-url",
                    url().replace("/kitchen_sink", "/postgres"), "--user", "drill_reader", "--password-env", "SOURCE_PW",
                    "--compare-source", "--out", tmp.resolve("out").toString(), "--work-dir", work().toString());
        } finally {
            source.execute("postgres", "ALTER DATABASE postgres OWNER TO drill; DROP ROLE cluster_admin");
        }

        // THEN it restores into the restored cluster's postgres database and matches the source: the database's own
        // owner and locale are the new cluster's, and are not compared
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(Reports.only(tmp.resolve("out")).verification().inventory().find("public.settings"))
                .get().extracting(TableInventory::rows).isEqualTo(50L);
        Leftovers.assertNone(work());
    }

    @Test
    void aWrongPasswordStopsWithExitTwoAndASentenceThatNamesTheFix() {
        // WHEN the password is wrong
        DrillProcess.Result result = drill("not-the-password");

        // THEN exit 2, one sentence naming the user and where the password came from, nothing left, no report
        assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
        assertThat(result.stderr()).contains("rejected user 'drill_reader'").contains("check the password in $SOURCE_PW");
        assertThat(result.all()).doesNotContain("not-the-password");
        assertThat(tmp.resolve("out").resolve("kitchen-sink")).doesNotExist();
        Leftovers.assertNone(work());
    }

    @Test
    void aRoleThatCannotReadEverySchemaFailsTheSnapshotWithTheServersReason() {
        // GIVEN a role that may log in and read public, but not the billing schema
        source.execute("postgres", "CREATE ROLE partial_reader LOGIN PASSWORD 'Partial-Secret-1'");
        source.execute("kitchen_sink", "GRANT USAGE ON SCHEMA public TO partial_reader; "
                + "GRANT SELECT ON ALL TABLES IN SCHEMA public TO partial_reader");

        // WHEN the drill runs as that role
        DrillProcess.Result result = DrillProcess.run(Map.of("SOURCE_PW", "Partial-Secret-1"), "local", "--source-url",
                url(), "--user", "partial_reader", "--password-env", "SOURCE_PW",
                "--out", tmp.resolve("out").toString(), "--work-dir", work().toString());

        // THEN the drill ran and failed (exit 1) in Snapshot, reading the source's catalog in the dump's snapshot,
        // with the server's sentence and how to fix it; a report says so, nothing of the drill is left and the
        // password is nowhere
        assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
        assertThat(result.lastLine()).contains("Cannot read the source's catalog in the dump's snapshot: ERROR: "
                + "permission denied for schema billing; the drill's role must read everything it dumps: "
                + "GRANT pg_read_all_data");
        DrillReport report = Reports.only(tmp.resolve("out"));
        assertThat(report.verdict()).hasToString("FAILED");
        assertThat(report.phases()).filteredOn(p -> p.status() == io.restoredrill.core.model.PhaseStatus.FAILED)
                .singleElement().satisfies(p -> assertThat(p.phase()).isEqualTo(io.restoredrill.core.model.Phase.SNAPSHOT));
        assertThat(result.all()).doesNotContain("Partial-Secret-1");
        Leftovers.assertNone(work());
    }

    @Test
    void anUnreachableHostStopsWithExitTwo() throws Exception {
        // GIVEN a port nothing listens on
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> env = Map.of("SOURCE_PW", "x");

        // WHEN the drill points at it
        DrillProcess.Result result = DrillProcess.run(env, "local", "--source-url",
                "jdbc:postgresql://127.0.0.1:" + closedPort + "/shop", "--user", "u", "--password-env", "SOURCE_PW",
                "--out", tmp.resolve("out").toString(), "--work-dir", work().toString());

        // THEN exit 2 with the address and the reason
        assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
        assertThat(result.stderr()).contains("Cannot reach the source database at 127.0.0.1:" + closedPort + " (connection refused)");
        Leftovers.assertNone(work());
    }

    @Test
    void anUnknownDatabaseAndAnUnsetPasswordVariableAreNamed() {
        DrillProcess.Result unknown = DrillProcess.run(Map.of("SOURCE_PW", READER_PASSWORD), "local", "--source-url",
                url().replace("kitchen_sink", "no_such_db"), "--user", "drill_reader", "--password-env", "SOURCE_PW",
                "--work-dir", work().toString(), "--out", tmp.resolve("out").toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("Database 'no_such_db' does not exist");

        DrillProcess.Result unset = DrillProcess.run("local", "--source-url", url(), "--user", "drill_reader",
                "--password-env", "NO_SUCH_VARIABLE_SET", "--work-dir", work().toString());
        assertThat(unset.exitCode()).isEqualTo(2);
        assertThat(unset.stderr()).contains("--password-env NO_SUCH_VARIABLE_SET names an environment variable that is not set");
        Leftovers.assertNone(work());
    }

    private static Map<String, Long> countEveryTable() throws Exception {
        Map<String, Long> counts = new HashMap<>();
        try (Connection connection = source.connect("kitchen_sink"); Statement statement = connection.createStatement()) {
            List<String> tables = new java.util.ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT format('%I.%I', schemaname, tablename), schemaname || '.' || tablename "
                    + "FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")) {
                while (rows.next()) {
                    tables.add(rows.getString(1) + "\t" + rows.getString(2));
                }
            }
            for (String table : tables) {
                String[] parts = table.split("\t");
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + parts[0])) {
                    rows.next();
                    counts.put(parts[1], rows.getLong(1));
                }
            }
        }
        return counts;
    }

    private static long scalar(String sql) throws Exception {
        try (Connection connection = source.connect("kitchen_sink"); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
