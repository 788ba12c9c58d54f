package io.restoredrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.restoredrill.core.model.DrillReport;
import io.restoredrill.core.model.Phase;
import io.restoredrill.core.model.PhaseResult;
import io.restoredrill.core.model.PhaseStatus;
import io.restoredrill.core.verify.schema.SchemaKind;
import io.restoredrill.core.verify.schema.SchemaObject;
import io.restoredrill.local.state.Downloaded;
import io.restoredrill.testing.MotoServer;
import io.restoredrill.testing.PostgresFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * End to end: {@code drill local --from} restores the backups a team already has, made by hand with the real
 * {@code pg_dump}, {@code gzip}/{@code zstd}/{@code lz4} and {@code age}/{@code gpg}, from files and from S3 (moto),
 * and names each way such a backup can be wrong.
 */
class ExistingBackupDrillTest {

    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    /** A shop whose objects belong to a role of their own, with grants and a policy naming other roles. */
    private static final String SHOP = """
            CREATE ROLE shop_owner NOLOGIN;
            CREATE ROLE shop_reader NOLOGIN;
            CREATE ROLE "Audit Team" NOLOGIN;
            CREATE SCHEMA sales AUTHORIZATION shop_owner;
            CREATE TABLE sales.customers (id bigint PRIMARY KEY, name text NOT NULL, region text);
            CREATE TABLE sales.orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES sales.customers(id),
                                       total numeric(12,2), placed_at timestamptz NOT NULL);
            ALTER TABLE sales.customers OWNER TO shop_owner;
            ALTER TABLE sales.orders OWNER TO shop_owner;
            INSERT INTO sales.customers SELECT g, 'Customer ' || g, (ARRAY['north','south'])[1 + g % 2]
              FROM generate_series(1, 500) g;
            INSERT INTO sales.orders SELECT g, 1 + g % 500, g * 1.5, timestamptz '2026-01-01 00:00+00' + g * interval '1 minute'
              FROM generate_series(1, 1500) g;
            GRANT USAGE ON SCHEMA sales TO shop_reader, "Audit Team";
            GRANT SELECT ON sales.orders TO shop_reader;
            ALTER TABLE sales.customers ENABLE ROW LEVEL SECURITY;
            CREATE POLICY north_only ON sales.customers TO "Audit Team" USING (region = 'north');
            CREATE FUNCTION sales.order_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM sales.orders';
            ALTER FUNCTION sales.order_count() OWNER TO shop_owner;
            """;
    private static final long SHOP_ROWS = 2000;

    private static PostgresFixture source;
    private static Path keys;
    private static String ageRecipient;
    private static Path gpgHome;
    private static Path otherGpgHome;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startSource(@TempDir Path keyDir) throws Exception {
        source = PostgresFixture.start();
        source.createDatabase("shop");
        source.execute("shop", SHOP);
        source.createDatabase("orders");
        source.execute("orders", "CREATE TABLE ledger (id int PRIMARY KEY, amount int); "
                + "INSERT INTO ledger SELECT g, g FROM generate_series(1, 300) g;");
        source.createDatabase("empty");
        keys = keyDir;
        ageRecipient = AgeKeygen.generate(keys.resolve("backups.key"));
        AgeKeygen.generate(keys.resolve("other.key"));
        gpgHome = GpgKeyring.create(keys.resolve("gnupg"), "backups@example.com");
        otherGpgHome = GpgKeyring.create(keys.resolve("other-gnupg"), "other@example.com");
    }

    @AfterAll
    static void stopSource() throws Exception {
        GpgKeyring.stopAgent(gpgHome);
        GpgKeyring.stopAgent(otherGpgHome);
        source.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "--format=custom,    age,       shop.dump.age",
            "--format=custom,    none,      shop.dump",
            "--format=tar,       gzip+gpg,  shop.tar.gz.gpg",
            "--format=plain,     zstd+age,  shop.sql.zst.age",
            "--format=plain --create, lz4,  shop.sql.lz4",
            "--format=custom --compress=0, zstd, shop.dump.zst"})
    void aBackupInEveryFormatAndWrappingRestoresWithItsOwnersAndPasses(String dumpOptions, String wrapping, String file)
            throws Exception {
        // GIVEN a nightly backup of shop made by hand: pg_dump, then the team's compression and encryption
        Path backup = Backups.make(source, "shop", dumpOptions, pipeline(wrapping), tmp.resolve("backups").resolve(file));

        // WHEN it is drilled
        DrillProcess.Result result = drill(List.of("--from", backup.toString()));

        // THEN it passes with every row, each wrapping taken off in Decrypt, and the source's owners and grants restored
        assertThat(result.exitCode()).as(result.all()).isZero();
        DrillReport report = Reports.only(tmp.resolve("out"));
        assertThat(report.rowsVerified()).isEqualTo(SHOP_ROWS);
        assertThat(report.phases().stream().map(PhaseResult::phase)).containsExactly(Phase.PLAN, Phase.DOWNLOAD,
                Phase.DECRYPT, Phase.RESTORE, Phase.VERIFY, Phase.CLEANUP);
        String decrypt = phase(report, Phase.DECRYPT).detail();
        for (String layer : wrapping.equals("none") ? List.<String>of() : List.of(wrapping.split("\\+"))) {
            assertThat(decrypt).contains(layer);
        }
        assertThat(report.snapshot().encrypted()).isEqualTo(wrapping.contains("age") || wrapping.contains("gpg"));
        assertThat(report.source().serverVersion()).isEqualTo(PostgresFixture.engineVersion());
        SchemaObject orders = table(report, "sales.orders");
        assertThat(orders.owner()).isEqualTo("shop_owner");
        assertThat(orders.privileges()).contains("shop_reader=r/shop_owner");
        assertThat(report.verification().schema().objects()).anyMatch(o -> o.kind() == SchemaKind.POLICY
                && o.definition().contains("Audit Team"));
        Leftovers.assertNone(work());
    }

    @Test
    void aDirectoryFormatBackupIsRestoredWhereItIs() throws Exception {
        // GIVEN a directory-format dump in a tree of backups
        Path dump = Backups.directory(source, "shop", tmp.resolve("backups/shop/2026-12-05T0200Z.dir"));

        // WHEN the tree is drilled
        DrillProcess.Result result = drill(List.of("--from", tmp.resolve("backups").toString()));

        // THEN it passes, read in place, and the dump is untouched
        assertThat(result.exitCode()).as(result.all()).isZero();
        DrillReport report = Reports.only(tmp.resolve("out"));
        assertThat(report.rowsVerified()).isEqualTo(SHOP_ROWS);
        assertThat(phase(report, Phase.DOWNLOAD).detail()).contains("Read in place");
        assertThat(report.source().name()).isEqualTo("shop");
        assertThat(dump.resolve("toc.dat")).exists();
        Leftovers.assertNone(work());
    }

    @Test
    void theNewestBackupByTheTimeInItsNameIsDrilledAndAnOlderOneOnRequest() throws Exception {
        // GIVEN three nightly backups whose file times say nothing (all touched now), the newest by name a good one
        Path dir = tmp.resolve("nightly");
        Backups.make(source, "shop", "--format=custom", "", dir.resolve("shop-2026-12-04T02:00:00Z.dump"));
        Path good = Backups.make(source, "shop", "--format=custom", "", dir.resolve("shop-2026-12-06T02:00:00Z.dump"));
        Backups.truncated(good, 4096, dir.resolve("shop-2026-12-05T02:00:00Z.dump"));

        // WHEN the directory is drilled, and then the middle one by name
        DrillProcess.Result newest = drill(List.of("--from", dir.toString()));
        DrillProcess.Result named = drill(List.of("--from", dir.toString(), "--backup", "shop-2026-12-05T02:00:00Z.dump"));

        // THEN the newest passes and says when it was taken; the one asked for is the truncated one, and fails so
        assertThat(newest.exitCode()).as(newest.all()).isZero();
        assertThat(newest.stdout()).contains("shop-2026-12-06T02:00:00Z.dump", "as its name says");
        assertThat(named.exitCode()).as(named.all()).isEqualTo(1);
        assertThat(named.lastLine()).contains("FAILED", "pg_restore");
    }

    @Test
    void aBackupOlderThanTheRpoBudgetFailsAsStaleAndSaysHowOld() throws Exception {
        // GIVEN last week's backup, named by its time (a plain dump: an archive's own header time would win)
        Instant lastWeek = Instant.now().minus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Path backup = Backups.make(source, "shop", "--format=plain", "| gzip",
                tmp.resolve("shop-" + lastWeek.toString().replace(":", "") + ".sql.gz"));

        // WHEN it is drilled with a 26-hour RPO budget
        DrillProcess.Result result = drill(List.of("--from", backup.toString(), "--rpo", "26h"));

        // THEN it restores, verifies, and fails as a stale backup seven days old
        assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
        assertThat(result.lastLine()).contains("Stale backup", "7d", "RPO budget of 1d 02h");
        DrillReport report = Reports.only(tmp.resolve("out"));
        assertThat(phase(report, Phase.VERIFY).status()).isEqualTo(PhaseStatus.PASSED);
        assertThat(report.rpo()).isGreaterThan(java.time.Duration.ofDays(6));
    }

    @Test
    void aBackupEncryptedToAnotherAgeKeyIsANamedErrorAndLeavesNothing() throws Exception {
        Path backup = Backups.make(source, "shop", "--format=custom", pipeline("age"), tmp.resolve("shop.dump.age"));

        DrillProcess.Result result = drill(List.of("--from", backup.toString(), "--identity",
                keys.resolve("other.key").toString()), false);

        assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
        assertThat(result.stderr()).contains("No key in identity file", "opens the backup");
        Leftovers.assertNone(work());
    }

    @Test
    void aBackupEncryptedToAnotherGpgKeyIsANamedError() throws Exception {
        Path backup = Backups.make(source, "shop", "--format=custom", pipeline("gpg"), tmp.resolve("shop.dump.gpg"));

        DrillProcess.Result result = drill(List.of("--from", backup.toString(), "--gpg-homedir", otherGpgHome.toString()));

        assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
        assertThat(result.stderr()).contains("No key in the gpg keyring in " + otherGpgHome);
        Leftovers.assertNone(work());
    }

    @Test
    void theGpgAgentADrillStartsIsStoppedAndOneThatRanBeforeIsLeftAlone() throws Exception {
        // GIVEN a gpg backup, and no gpg-agent serving the keyring
        Path backup = Backups.make(source, "shop", "--format=custom", pipeline("gpg"), tmp.resolve("shop.dump.gpg"));
        GpgKeyring.stopAgent(gpgHome);
        assertThat(GpgKeyring.agentsOf(gpgHome)).isZero();

        // WHEN it is drilled (gpg starts an agent to use the secret key)
        DrillProcess.Result result = drill(List.of("--from", backup.toString()));

        // THEN it passed and the agent is gone; and an agent the user had running stays
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(GpgKeyring.agentsOf(gpgHome)).isZero();
        GpgKeyring.startAgent(gpgHome);
        assertThat(drill(List.of("--from", backup.toString())).exitCode()).isZero();
        assertThat(GpgKeyring.agentsOf(gpgHome)).isEqualTo(1);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({
            "--format=custom, age,      failed age's authentication: it is truncated or damaged",
            "--format=custom, gpg,      gpg could not decrypt the backup",
            "--format=plain,  gzip,     truncated or damaged: its gzip stream ended early",
            "--format=plain,  none,     does not end with pg_dump's closing line",
            "--format=custom, zstd,     truncated or damaged: its zstd stream ended early"})
    void aTruncatedBackupFailsNamingWhereItEnds(String dumpOptions, String wrapping, String expected) throws Exception {
        // GIVEN a backup cut in half, as an interrupted upload leaves it
        Path whole = Backups.make(source, "shop", dumpOptions, pipeline(wrapping), tmp.resolve("whole"));
        Path cut = Backups.truncated(whole, Files.size(whole) / 2, tmp.resolve("shop-cut.backup"));

        // WHEN it is drilled
        DrillProcess.Result result = drill(List.of("--from", cut.toString()));

        // THEN the drill fails (1) and says the backup is truncated, with nothing of its plaintext left
        assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
        assertThat(result.lastLine()).contains(expected);
        Leftovers.assertNone(work());
    }

    @Test
    void aFileThatIsNoDumpFailsNamingItsFirstBytes() throws Exception {
        Path notADump = Files.writeString(tmp.resolve("shop.dump"), "PK\u0003\u0004 a zip file, not a dump");

        DrillProcess.Result result = drill(List.of("--from", notADump.toString()));

        assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
        assertThat(result.lastLine()).contains("is not a pg_dump in a format a drill reads", "50 4b 03 04");
    }

    @Test
    void aPlainDumpWithAShellCommandIsRefusedBeforeAnythingRunsIt() throws Exception {
        // GIVEN a plain dump someone edited to run a shell command through psql
        Path dump = Backups.make(source, "shop", "--format=plain", "", tmp.resolve("shop.sql"));
        Path marker = tmp.resolve("shell-ran");
        Files.writeString(dump, "\\! touch " + marker + "\n" + Files.readString(dump));

        DrillProcess.Result result = drill(List.of("--from", dump.toString()));

        assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
        assertThat(result.lastLine()).contains("psql command '\\!' at line 1");
        assertThat(marker).doesNotExist();
    }

    @Test
    void aBackupWhoseRestoreFailsIsStillReportedWithTheServerAndTimeItSaysItIsOf() throws Exception {
        // GIVEN a plain dump with a statement that fails half-way through its restore
        Path dump = Backups.make(source, "shop", "--format=plain", "", tmp.resolve("shop-2026-11-02T02:00:00Z.sql"));
        String text = Files.readString(dump);
        int at = text.indexOf("CREATE TABLE");
        Files.writeString(dump, text.substring(0, at) + "SELECT 1 / 0;\n" + text.substring(at));

        // WHEN it is drilled
        DrillProcess.Result result = drill(List.of("--from", dump.toString()));

        // THEN Restore failed, and the report still says which server the dump came from and when it was taken
        assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
        DrillReport report = Reports.only(tmp.resolve("out"));
        assertThat(phase(report, Phase.RESTORE).status()).isEqualTo(PhaseStatus.FAILED);
        assertThat(report.source().serverVersion()).isEqualTo(PostgresFixture.engineVersion());
        assertThat(report.snapshot().takenAt()).isEqualTo(java.time.Instant.parse("2026-11-02T02:00:00Z"));
    }

    @Test
    void aBackupOfAnEmptyDatabaseFails() throws Exception {
        // GIVEN a backup that restores perfectly, of a database that holds nothing
        Path backup = Backups.make(source, "empty", "--format=custom", "", tmp.resolve("empty.dump"));

        DrillProcess.Result result = drill(List.of("--from", backup.toString()));

        assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
        assertThat(result.lastLine()).contains("FAILED", "no user table");
    }

    @Test
    void aBackupOfAnotherDatabaseThanTheOneAskedForFails() throws Exception {
        Path backup = Backups.make(source, "shop", "--format=custom", "", tmp.resolve("orders-2026-12-06.dump"));

        DrillProcess.Result result = drill(List.of("--from", backup.toString(), "--database", "orders"));

        assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
        assertThat(result.lastLine()).contains("The backup is of database shop, not orders");
    }

    @Test
    void theNewestBackupOfTheChosenDatabaseIsDownloadedFromS3AndDrilled() throws Exception {
        // GIVEN nightly backups of two databases under one S3 prefix, age-encrypted, uploaded with timestamped keys
        Path made = tmp.resolve("made");
        try (S3Client s3 = MotoS3.client(MOTO, Region.EU_WEST_1)) {
            s3.createBucket(b -> b.bucket("team-backups").createBucketConfiguration(c -> c.locationConstraint("eu-west-1")));
            List<String> keys = new ArrayList<>();
            for (String name : List.of("shop/shop-2026-12-05T020000Z.dump.age", "shop/shop-2026-12-06T020000Z.dump.age",
                    "orders/orders-2026-12-06T020000Z.dump.age")) {
                String database = name.substring(0, name.indexOf('/'));
                Path file = Backups.make(source, database, "--format=custom", pipeline("age"), made.resolve(name));
                s3.putObject(b -> b.bucket("team-backups").key("nightly/" + name), RequestBody.fromFile(file));
                keys.add(name);
            }
            s3.putObject(b -> b.bucket("team-backups").key("nightly/shop/shop-2026-12-06T020000Z.dump.age.sha256"),
                    RequestBody.fromString("not a backup"));

            // WHEN the prefix is drilled without and with a database chosen
            DrillProcess.Result ambiguous = drill(MotoS3.environment(MOTO), List.of("--from", "s3://team-backups/nightly/",
                    "--region", "eu-west-1"), true);
            DrillProcess.Result shop = drill(MotoS3.environment(MOTO), List.of("--from", "s3://team-backups/nightly/",
                    "--region", "eu-west-1", "--database", "shop"), true);

            // THEN the first asks which database, naming both; the second downloads shop's newest and passes
            assertThat(ambiguous.exitCode()).as(ambiguous.all()).isEqualTo(2);
            assertThat(ambiguous.stderr()).contains("holds backups of 2 databases (orders, shop)", "--database");
            assertThat(shop.exitCode()).as(shop.all()).isZero();
            DrillReport report = Reports.only(tmp.resolve("out"));
            assertThat(report.snapshot().recoveryLocation())
                    .isEqualTo("s3://team-backups/nightly/shop/shop-2026-12-06T020000Z.dump.age");
            assertThat(phase(report, Phase.DOWNLOAD).detail()).contains("Downloaded", "from s3://team-backups/");
            assertThat(report.rowsVerified()).isEqualTo(SHOP_ROWS);
            Leftovers.assertNone(work());
        }
    }

    @Test
    void theTeamsOwnProgramsRunAgainstTheRestoredCopyTheLibpqWayAndTheirExitCodesDecide() throws Exception {
        // GIVEN a backup and a suite of two programs beside it: a reconciliation that holds, an audit that does not
        Path backup = Backups.make(source, "shop", "--format=custom", "", tmp.resolve("shop.dump"));
        Path seen = tmp.resolve("password-the-program-saw");
        Path reconcile = Files.writeString(tmp.resolve("reconcile.sh"), """
                #!/bin/sh
                printf '%s' "$PGPASSWORD" > "$1"
                echo "orders on $PGHOST:$PGPORT/$PGDATABASE as $PGUSER, password $PGPASSWORD"
                test "$(psql -XAtc 'SELECT count(*) FROM sales.orders')" = 1500
                """);
        reconcile.toFile().setExecutable(true);
        Path suite = Files.writeString(tmp.resolve("suite.yaml"), """
                programs:
                  - name: reconciliation
                    command: ["./reconcile.sh", "%s"]
                  - name: audit chain
                    command: 'echo "chain broken at entry 17" >&2; exit 4'
                    timeout: 30s
                """.formatted(seen));

        // WHEN the backup is drilled with the suite
        DrillProcess.Result result = drill(List.of("--from", backup.toString(), "--suite", suite.toString()));

        // THEN the drill fails on the audit, naming its exit code and output; the reconciliation passed; and the
        // password the programs were given appears nowhere in the output or the report
        assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
        assertThat(result.lastLine()).contains("check 'audit chain' failed: It exited with 4. Output: chain broken at entry 17");
        DrillReport report = Reports.only(tmp.resolve("out"));
        var reconciliation = report.verification().checks().stream().filter(c -> c.name().equals("reconciliation"))
                .findFirst().orElseThrow();
        assertThat(reconciliation.status()).isEqualTo(io.restoredrill.core.verify.CheckStatus.PASSED);
        assertThat(reconciliation.detail()).contains("orders on 127.0.0.1:", "/shop as drill, password ********");
        String password = Files.readString(seen);
        assertThat(password).hasSizeGreaterThan(8);
        try (Stream<Path> files = Files.list(tmp.resolve("out").resolve("shop"))) {
            for (Path file : files.toList()) {
                assertThat(Files.readString(file)).doesNotContain(password);
            }
        }
        assertThat(result.all()).doesNotContain(password);
    }

    // ---- helpers ----

    private String pipeline(String wrapping) {
        StringBuilder shell = new StringBuilder();
        for (String layer : wrapping.split("\\+")) {
            shell.append(switch (layer) {
                case "none" -> "";
                case "gzip" -> " | gzip";
                case "zstd" -> " | zstd -q";
                case "lz4" -> " | lz4 -q";
                case "age" -> " | age -r " + ageRecipient;
                case "gpg" -> " " + GpgKeyring.encryptTo(gpgHome, "backups@example.com");
                default -> throw new IllegalArgumentException(layer);
            });
        }
        return shell.toString();
    }

    private DrillProcess.Result drill(List<String> arguments) throws IOException {
        return drill(Map.of(), arguments, true);
    }

    private DrillProcess.Result drill(List<String> arguments, boolean withKeys) throws IOException {
        return drill(Map.of(), arguments, withKeys);
    }

    private DrillProcess.Result drill(Map<String, String> environment, List<String> arguments, boolean withKeys)
            throws IOException {
        PostgresFixture.reachableByServer(tmp);
        List<String> command = new ArrayList<>(List.of("local"));
        command.addAll(arguments);
        if (withKeys && !arguments.contains("--identity")) {
            command.addAll(List.of("--identity", keys.resolve("backups.key").toString()));
        }
        if (withKeys && !arguments.contains("--gpg-homedir")) {
            command.addAll(List.of("--gpg-homedir", gpgHome.toString()));
        }
        command.addAll(List.of("--out", tmp.resolve("out").toString(), "--work-dir", work().toString()));
        return DrillProcess.run(environment, command.toArray(String[]::new));
    }

    private Path work() throws IOException {
        return Files.createDirectories(tmp.resolve("work"));
    }



    private static PhaseResult phase(DrillReport report, Phase phase) {
        return report.phases().stream().filter(p -> p.phase() == phase).findFirst().orElseThrow();
    }

    private static SchemaObject table(DrillReport report, String name) {
        return report.verification().schema().objects().stream()
                .filter(o -> o.kind() == SchemaKind.TABLE && o.name().equals(name)).findFirst().orElseThrow();
    }
}
