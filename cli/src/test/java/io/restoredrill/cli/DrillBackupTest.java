package io.restoredrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.restoredrill.core.model.DrillReport;
import io.restoredrill.core.model.Phase;
import io.restoredrill.core.model.PhaseResult;
import io.restoredrill.core.verify.CheckKind;
import io.restoredrill.core.verify.CheckResult;
import io.restoredrill.core.verify.CheckStatus;
import io.restoredrill.local.backup.BackupManifest;
import io.restoredrill.local.backup.ManifestSignature;
import io.restoredrill.testing.MotoServer;
import io.restoredrill.testing.PostgresFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * End to end: {@code drill backup} makes the nightly backups (real pg_dump, age or gpg, a manifest signed with a key
 * made by openssl) into a directory or S3 (moto), and {@code drill local --from … --manifest-key} compares the
 * restored copy with the manifest exactly; each way the pair can be wrong (an edited or foreign manifest, a replaced
 * backup, a dump that lost rows, a missing manifest) is named.
 */
class DrillBackupTest {

    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    private static final String SHOP = """
            CREATE ROLE shop_owner NOLOGIN;
            CREATE SCHEMA sales AUTHORIZATION shop_owner;
            CREATE TABLE sales.customers (id bigint PRIMARY KEY, name text NOT NULL);
            CREATE TABLE sales.orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES sales.customers(id),
                                       total numeric(12,2), placed_at timestamptz NOT NULL);
            ALTER TABLE sales.customers OWNER TO shop_owner;
            ALTER TABLE sales.orders OWNER TO shop_owner;
            INSERT INTO sales.customers SELECT g, 'Customer ' || g FROM generate_series(1, 400) g;
            INSERT INTO sales.orders SELECT g, 1 + g % 400, g * 1.5, timestamptz '2026-01-01 00:00+00' + g * interval '1 minute'
              FROM generate_series(1, 1200) g;
            CREATE MATERIALIZED VIEW sales.totals AS SELECT customer_id, sum(total) FROM sales.orders GROUP BY 1;
            CREATE FUNCTION sales.order_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM sales.orders';
            """;

    private static PostgresFixture source;
    private static Path keys;
    private static String ageRecipient;
    private static Path identity;
    private static SigningKeys.Pair signing;
    private static SigningKeys.Pair otherSigning;
    private static Path gpgHome;

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
        keys = keyDir;
        identity = keys.resolve("backups.key");
        ageRecipient = AgeKeygen.generate(identity);
        signing = SigningKeys.generate(keys, "backup-signing");
        otherSigning = SigningKeys.generate(keys, "someone-else");
        gpgHome = GpgKeyring.create(keys.resolve("gnupg"), "backups@example.com");
    }

    @AfterAll
    static void stopSource() throws Exception {
        GpgKeyring.stopAgent(gpgHome);
        source.close();
    }

    @Test
    void nightlyBackupsToS3AreDrilledAgainstTheirSignedManifestsExactly() throws Exception {
        try (S3Client s3 = MotoS3.client(MOTO, Region.EU_WEST_1)) {
            s3.createBucket(b -> b.bucket("nightly-backups").createBucketConfiguration(c -> c.locationConstraint("eu-west-1")));

            // GIVEN the nightly job: two databases backed up to S3, encrypted to age, manifests signed
            DrillProcess.Result backup = backup(MotoS3.environment(MOTO), "--database", "shop", "--database", "orders",
                    "--to", "s3://nightly-backups/prod", "--region", "eu-west-1", "--encrypt-to", ageRecipient);
            assertThat(backup.exitCode()).as(backup.all()).isZero();
            assertThat(backup.stdout()).contains("✔ shop: s3://nightly-backups/prod/shop/shop-", "2 tables, 1600 rows",
                    "manifest signed", "✔ orders:", "Backup done — 2 of 2 database(s)");
            List<String> keysOfShop = s3.listObjectsV2Paginator(l -> l.bucket("nightly-backups").prefix("prod/shop/"))
                    .contents().stream().map(S3Object::key).toList();
            assertThat(keysOfShop).hasSize(3);
            String dumpKey = keysOfShop.stream().filter(k -> k.endsWith(".dump.age")).findFirst().orElseThrow();
            assertThat(dumpKey).matches("prod/shop/shop-\\d{8}T\\d{6}Z\\.dump\\.age");
            assertThat(keysOfShop).contains(dumpKey + ".manifest.json.age", dumpKey + ".manifest.sig");
            ResponseBytes<GetObjectResponse> manifest = s3.getObjectAsBytes(g -> g.bucket("nightly-backups")
                    .key(dumpKey + ".manifest.json.age"));
            assertThat(new String(manifest.asByteArray(), StandardCharsets.ISO_8859_1))
                    .as("the manifest names every object: it is encrypted too")
                    .startsWith("age-encryption.org/v1").doesNotContain("sales.orders");
            byte[] stored = s3.getObjectAsBytes(g -> g.bucket("nightly-backups").key(dumpKey)).asByteArray();

            // WHEN a drill restores the newest backup of shop with the manifest's public key
            DrillProcess.Result drill = drill(MotoS3.environment(MOTO), "--from", "s3://nightly-backups/prod",
                    "--region", "eu-west-1", "--database", "shop", "--identity", identity.toString(),
                    "--manifest-key", signing.publicKey().toString());

            // THEN every table is compared with the source at the backup's snapshot: rows and content, exactly
            assertThat(drill.exitCode()).as(drill.all()).isZero();
            DrillReport report = Reports.only(tmp.resolve("out"));
            assertThat(phase(report, Phase.DECRYPT).detail()).contains("manifest signature and the backup's SHA-256 checked");
            assertThat(report.snapshot().manifestSha256()).as("the signed manifest the copy was compared with")
                    .matches("[0-9a-f]{64}");
            assertThat(report.snapshot().sizeBytes()).isEqualTo(stored.length);
            CheckResult tables = check(report, "source tables");
            assertThat(tables.status()).isEqualTo(CheckStatus.PASSED);
            assertThat(tables.detail()).contains("Every one of the source's 2 tables");
            List<CheckResult> perTable = report.verification().checks().stream()
                    .filter(c -> c.kind() == CheckKind.TABLE_INVENTORY).toList();
            assertThat(perTable).extracting(CheckResult::name)
                    .containsExactlyInAnyOrder("sales.customers", "sales.orders");
            assertThat(perTable).allSatisfy(c -> assertThat(c.detail()).isEqualTo("Rows and content match the source at the snapshot."));
            List<CheckResult> schema = report.verification().checks().stream()
                    .filter(c -> c.kind() == CheckKind.SOURCE_SCHEMA).toList();
            assertThat(schema).extracting(CheckResult::name).contains("functions and procedures", "materialized views", "owners and privileges");
            assertThat(schema).allSatisfy(c -> assertThat(c.status()).isEqualTo(CheckStatus.PASSED));
            assertThat(report.source().serverVersion()).startsWith(PostgresFixture.engineVersion().split(" ")[0]);
        }
    }

    @Test
    void aDumpThatLostRowsAndAFunctionFailsAgainstItsHonestManifestNamingBoth() throws Exception {
        // GIVEN a backup whose dump lost ten rows that the source held at the snapshot (the manifest, signed, is right)
        source.createDatabase("lossy");
        source.execute("lossy", "CREATE TABLE items (id int PRIMARY KEY, label text); "
                + "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 1000) g; "
                + "CREATE FUNCTION item_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM items';");
        Path dump = backUpToDirectory("lossy");
        source.execute("lossy", "DELETE FROM items WHERE id <= 10; DROP FUNCTION item_count();");
        Backups.make(source, "lossy", "--format=custom", "| age -r " + ageRecipient, dump);
        BackupManifest honest = readManifest(dump);
        writeManifest(dump, new BackupManifest(honest.format(), honest.database(), honest.takenAt(), honest.serverVersion(),
                honest.backup(), Files.size(dump), sha256(Files.readAllBytes(dump)), honest.encryption(),
                honest.inventory(), honest.catalog()), signing.privateKey());

        // WHEN it is drilled
        DrillProcess.Result drill = drillDirectory();

        // THEN it fails, naming the table and both counts, and the function the dump lacks
        assertThat(drill.exitCode()).as(drill.all()).isEqualTo(1);
        DrillReport report = Reports.only(tmp.resolve("out"));
        CheckResult items = check(report, "public.items");
        assertThat(items.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(items.detail()).isEqualTo("The restored table has 990 rows; the source had 1000.");
        assertThat(report.failureReason()).contains("and 1 more failed checks");
        CheckResult functions = check(report, "functions and procedures");
        assertThat(functions.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(functions.detail()).contains("item_count()");
    }

    @Test
    void aDrillFileComparesEachDatabaseWithItsOwnManifest() throws Exception {
        // GIVEN last night's backups of two databases, and a drill file that names the manifest key once
        DrillProcess.Result backup = backup(Map.of(), "--database", "shop", "--database", "orders",
                "--to", tmp.resolve("backups").toString(), "--encrypt-to", ageRecipient);
        assertThat(backup.exitCode()).as(backup.all()).isZero();
        Files.copy(identity, tmp.resolve("backups.key"));
        Files.copy(signing.publicKey(), tmp.resolve("backup-signing.pub"));
        Path drillFile = Files.writeString(tmp.resolve("monthly.yaml"), """
                from: backups
                identity: backups.key
                manifestKey: backup-signing.pub
                databases:
                  - name: shop
                  - name: orders
                """.replace("from: backups", "from: " + tmp.resolve("backups")));

        // WHEN the drill file is run
        PostgresFixture.reachableByServer(tmp);
        DrillProcess.Result result = DrillProcess.run(Map.of(), "local", "--drill-file", drillFile.toString(),
                "--out", tmp.resolve("out").toString(), "--work-dir", work().toString());

        // THEN both pass, each compared with its own manifest
        assertThat(result.exitCode()).as(result.all()).isZero();
        for (String database : List.of("shop", "orders")) {
            DrillReport report = Reports.forSource(tmp.resolve("out"), database);
            assertThat(phase(report, Phase.DECRYPT).detail()).contains("manifest signature and the backup's SHA-256 checked");
            assertThat(report.verification().checks().stream().filter(c -> c.kind() == CheckKind.TABLE_INVENTORY))
                    .isNotEmpty().allSatisfy(c -> assertThat(c.detail())
                            .isEqualTo("Rows and content match the source at the snapshot."));
        }
    }

    @Test
    void databaseNamesOfAnyShapeRoundTripThroughTheirBackupNames() throws Exception {
        // GIVEN databases whose names end in digits and hold a space
        source.createDatabase("sales2024");
        source.execute("sales2024", "CREATE TABLE t (id int); INSERT INTO t SELECT generate_series(1, 24);");
        source.execute("postgres", "CREATE DATABASE \"my db\"");
        source.execute("my db", "CREATE TABLE t (id int); INSERT INTO t SELECT generate_series(1, 7);");

        // WHEN both are backed up into one directory and each is drilled by its own name
        DrillProcess.Result backup = backup(Map.of(), "--database", "sales2024", "--database", "my db",
                "--to", tmp.resolve("backups").toString(), "--encrypt-to", ageRecipient);
        DrillProcess.Result sales = drill(Map.of(), "--from", tmp.resolve("backups").toString(), "--database", "sales2024",
                "--identity", identity.toString(), "--manifest-key", signing.publicKey().toString());
        DrillProcess.Result myDb = drill(Map.of(), "--from", tmp.resolve("backups").toString(), "--database", "my db",
                "--identity", identity.toString(), "--manifest-key", signing.publicKey().toString());

        // THEN each has a folder of its own, percent-encoded where needed, and each drill finds and passes its backup
        assertThat(backup.exitCode()).as(backup.all()).isZero();
        assertThat(files(tmp.resolve("backups"))).containsExactly("my%20db", "sales2024");
        assertThat(files(tmp.resolve("backups/sales2024"))).anyMatch(n -> n.matches("sales2024-\\d{8}T\\d{6}Z\\.dump\\.age"));
        assertThat(sales.exitCode()).as(sales.all()).isZero();
        assertThat(myDb.exitCode()).as(myDb.all()).isZero();
        assertThat(sales.stdout()).contains("24 rows verified");
        assertThat(myDb.stdout()).contains("7 rows verified");
    }

    @Test
    void theManifestOfAnotherBackupBesideABackupIsNamed() throws Exception {
        // GIVEN a backup copied under an older name together with its manifest and signature
        Path dump = backUpToDirectory("orders");
        String older = "orders-20200101T000000Z.dump.age";
        Files.copy(dump, dump.resolveSibling(older));
        Files.copy(dump.resolveSibling(dump.getFileName() + ".manifest.json.age"), dump.resolveSibling(older + ".manifest.json.age"));
        Files.copy(dump.resolveSibling(dump.getFileName() + ".manifest.sig"), dump.resolveSibling(older + ".manifest.sig"));

        // WHEN the older name is drilled
        DrillProcess.Result drill = drill(Map.of(), "--from", tmp.resolve("backups").toString(), "--backup", older,
                "--identity", identity.toString(), "--manifest-key", signing.publicKey().toString());

        // THEN the manifest, though signed, is named as another backup's
        assertThat(drill.exitCode()).as(drill.all()).isEqualTo(1);
        assertThat(Reports.only(tmp.resolve("out")).failureReason()).contains("describes another backup", dump.getFileName().toString());
    }

    @Test
    void anEditedManifestFailsItsSignature() throws Exception {
        // GIVEN a backup whose manifest was edited after it was signed (one table's row count)
        Path dump = backUpToDirectory("orders");
        BackupManifest manifest = readManifest(dump);
        String edited = new String(manifest.toJson(), StandardCharsets.UTF_8).replace("\"rows\" : 300", "\"rows\" : 299");
        assertThat(edited).isNotEqualTo(manifest.text());
        encryptManifest(dump, edited.getBytes(StandardCharsets.UTF_8));

        // WHEN it is drilled
        DrillProcess.Result drill = drillDirectory();

        // THEN the manifest is named as not matching its signature
        assertThat(drill.exitCode()).as(drill.all()).isEqualTo(1);
        assertThat(Reports.only(tmp.resolve("out")).failureReason())
                .contains("does not match its signature", "edited after drill backup signed it");
    }

    @Test
    void aManifestSignedWithAnotherKeyIsRefused() throws Exception {
        // GIVEN a backup whose manifest someone re-signed with a key of their own
        Path dump = backUpToDirectory("orders");
        writeManifest(dump, readManifest(dump), otherSigning.privateKey());

        // WHEN it is drilled with the team's public key
        DrillProcess.Result drill = drillDirectory();

        // THEN the signature does not verify
        assertThat(drill.exitCode()).as(drill.all()).isEqualTo(1);
        assertThat(Reports.only(tmp.resolve("out")).failureReason()).contains("does not match its signature");
    }

    @Test
    void aReplacedBackupIsNotTheOneItsManifestDescribes() throws Exception {
        // GIVEN a backup replaced by another dump of the same database (its manifest untouched)
        Path dump = backUpToDirectory("orders");
        source.execute("orders", "INSERT INTO ledger VALUES (100001, 1)");
        try {
            Backups.make(source, "orders", "--format=custom", "| age -r " + ageRecipient, dump);
        } finally {
            source.execute("orders", "DELETE FROM ledger WHERE id = 100001");
        }

        // WHEN it is drilled
        DrillProcess.Result drill = drillDirectory();

        // THEN its SHA-256 is named against the manifest's, and nothing is restored
        assertThat(drill.exitCode()).as(drill.all()).isEqualTo(1);
        DrillReport report = Reports.only(tmp.resolve("out"));
        assertThat(report.failureReason()).contains("is not the one its signed manifest describes", "SHA-256");
        assertThat(phase(report, Phase.RESTORE).status().name()).isEqualTo("NOT_RUN");
    }

    @Test
    void aMissingManifestIsNamedAndAManifestWithoutItsKeyIsAskedFor() throws Exception {
        // GIVEN a backup made by hand (no manifest), and one made by drill backup
        Path handmade = Backups.make(source, "orders", "--format=custom", "| age -r " + ageRecipient,
                tmp.resolve("handmade/orders-20261205T020000Z.dump.age"));
        backUpToDirectory("orders");

        // WHEN the first is drilled with a manifest key, the second without one
        DrillProcess.Result withKey = drill(Map.of(), "--from", handmade.toString(), "--identity", identity.toString(),
                "--manifest-key", signing.publicKey().toString());
        DrillProcess.Result withoutKey = drill(Map.of(), "--from", tmp.resolve("backups").toString(),
                "--identity", identity.toString());

        // THEN the missing manifest fails the drill, and the missing key stops it before any restore
        assertThat(withKey.exitCode()).as(withKey.all()).isEqualTo(1);
        assertThat(withKey.all()).contains("has no manifest beside it", "--manifest-key says its backups are signed");
        assertThat(withoutKey.exitCode()).as(withoutKey.all()).isEqualTo(2);
        assertThat(withoutKey.stderr()).contains("has a signed manifest from drill backup; give --manifest-key FILE");
    }

    @Test
    void gpgIsTheFallbackEncryption() throws Exception {
        // GIVEN a backup encrypted to a gpg key
        DrillProcess.Result backup = backup(Map.of(), "--database", "orders", "--to", tmp.resolve("backups").toString(),
                "--gpg-recipient", "backups@example.com", "--gpg-homedir", gpgHome.toString());
        assertThat(backup.exitCode()).as(backup.all()).isZero();
        assertThat(files(tmp.resolve("backups/orders"))).anyMatch(name -> name.endsWith(".dump.gpg.manifest.json.gpg"));

        // WHEN it is drilled with the keyring
        DrillProcess.Result drill = drill(Map.of(), "--from", tmp.resolve("backups").toString(),
                "--gpg-homedir", gpgHome.toString(), "--manifest-key", signing.publicKey().toString());

        // THEN it passes against the manifest
        assertThat(drill.exitCode()).as(drill.all()).isZero();
        DrillReport report = Reports.only(tmp.resolve("out"));
        assertThat(phase(report, Phase.DECRYPT).detail()).contains("gpg", "manifest signature");
        assertThat(check(report, "public.ledger").detail()).isEqualTo("Rows and content match the source at the snapshot.");
    }

    @Test
    void anUnencryptedBackupIsStoredAsDumpedAndDrilledAgainstItsManifest() throws Exception {
        // GIVEN a backup stored in the clear on purpose
        DrillProcess.Result backup = backup(Map.of(), "--database", "orders", "--to", tmp.resolve("backups").toString(),
                "--unencrypted");
        assertThat(backup.exitCode()).as(backup.all()).isZero();
        List<String> stored = files(tmp.resolve("backups/orders"));
        assertThat(stored).hasSize(3).anyMatch(name -> name.matches("orders-\\d{8}T\\d{6}Z\\.dump"))
                .anyMatch(name -> name.endsWith(".dump.manifest.json")).anyMatch(name -> name.endsWith(".dump.manifest.sig"));
        assertThat(Files.list(work())).as("the private directory is gone").isEmpty();

        // WHEN it is drilled with the manifest key
        DrillProcess.Result drill = drill(Map.of(), "--from", tmp.resolve("backups").toString(),
                "--manifest-key", signing.publicKey().toString());

        // THEN it passes against the manifest
        assertThat(drill.exitCode()).as(drill.all()).isZero();
        assertThat(check(Reports.only(tmp.resolve("out")), "public.ledger").detail())
                .isEqualTo("Rows and content match the source at the snapshot.");
    }

    @Test
    void retentionTiersPruneOlderBackupsAndADryRunOnlySaysSo() throws Exception {
        // GIVEN older backups of orders from earlier nights, with their manifests, and files that are not backups
        Path folder = Files.createDirectories(tmp.resolve("backups/orders"));
        List<String> old = List.of("20250615", "20260910", "20261005", "20261020", "20261128", "20261129", "20261130");
        for (String day : old) {
            for (String suffix : List.of("", ".manifest.json.age", ".manifest.sig")) {
                Files.writeString(folder.resolve("orders-" + day + "T020000Z.dump.age" + suffix), "older");
            }
        }
        Files.writeString(folder.resolve("orders-handmade.dump"), "no time in its name");
        Files.writeString(folder.resolve("orders_20250101.sql.gz"), "a hand-made dump with a date, not drill backup's");
        for (String suffix : List.of("", ".manifest.json.age", ".manifest.sig")) {
            Files.writeString(folder.resolve("orders-20990101T000000Z.dump.age" + suffix), "planted with a future date");
        }
        Files.writeString(folder.resolve("README.txt"), "not a backup");
        List<String> before = files(folder);

        // WHEN a dry run and then the nightly job run with two daily and three monthly backups kept
        DrillProcess.Result dryRun = backup(Map.of(), "--database", "orders", "--to", tmp.resolve("backups").toString(),
                "--encrypt-to", ageRecipient, "--keep-daily", "2", "--keep-monthly", "3", "--dry-run");
        List<String> afterDryRun = files(folder);
        DrillProcess.Result run = backup(Map.of(), "--database", "orders", "--to", tmp.resolve("backups").toString(),
                "--encrypt-to", ageRecipient, "--keep-daily", "2", "--keep-monthly", "3");

        // THEN the dry run names what would go and touches nothing; the run keeps the new one, the last day of
        // November (daily and monthly) and the newest of October (monthly), and deletes the rest with their manifests
        assertThat(dryRun.exitCode()).as(dryRun.all()).isZero();
        assertThat(dryRun.stdout()).contains("Would dump orders", "Would prune 5 older backup(s) of orders",
                "orders/orders-20250615T020000Z.dump.age", "Dry run: nothing was dumped, stored or deleted.");
        assertThat(afterDryRun).isEqualTo(before);
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.stdout()).contains("pruned 5 older backup(s)");
        List<String> after = files(folder);
        assertThat(after).contains("orders-20261130T020000Z.dump.age", "orders-20261130T020000Z.dump.age.manifest.sig",
                "orders-20261020T020000Z.dump.age", "orders-handmade.dump", "orders_20250101.sql.gz", "README.txt",
                "orders-20990101T000000Z.dump.age");
        assertThat(after).noneMatch(name -> name.startsWith("orders-20261129") || name.startsWith("orders-20261128")
                || name.startsWith("orders-20261005") || name.startsWith("orders-20260910") || name.startsWith("orders-2025"));
        assertThat(after.stream().filter(name -> name.matches("orders-20[0-8]\\d{5}T\\d{6}Z\\.dump\\.age"))).hasSize(3);
    }

    @Test
    void aDatabaseThatCannotBeDumpedFailsAloneWithExitOne() throws Exception {
        // GIVEN vault backed up last night by the superuser, metrics written for node_exporter
        source.createDatabase("vault");
        source.execute("vault", "CREATE TABLE secrets (id int); INSERT INTO secrets VALUES (1);");
        Path textfiles = Files.createDirectories(tmp.resolve("textfiles"));
        DrillProcess.Result lastNight = backup(Map.of(), "--database", "vault", "--to", tmp.resolve("last-night").toString(),
                "--encrypt-to", ageRecipient, "--textfile-dir", textfiles.toString());
        assertThat(lastNight.exitCode()).as(lastNight.all()).isZero();
        String lastSuccess = metric(textfiles.resolve("restore_drill_backup_vault.prom"), "last_success_timestamp_seconds");

        // AND a backup role that may read orders but not the vault database's table
        source.execute("postgres", "CREATE ROLE nightly LOGIN PASSWORD 'nightly-pw'");
        source.execute("orders", "GRANT SELECT ON ledger TO nightly");

        // WHEN both are backed up as that role
        Map<String, String> environment = new HashMap<>(source.cluster().clientEnvironment());
        environment.put("BACKUP_PW", "nightly-pw");
        environment.remove("PGPASSWORD");
        List<String> arguments = new ArrayList<>(List.of("backup", "--user", "nightly", "--password-env", "BACKUP_PW",
                "--database", "vault", "--database", "orders", "--to", tmp.resolve("backups").toString(),
                "--encrypt-to", ageRecipient, "--signing-key", signing.privateKey().toString(), "--work-dir", work().toString(),
                "--textfile-dir", textfiles.toString()));
        DrillProcess.Result result = DrillProcess.run(environment, arguments.toArray(String[]::new));

        // THEN vault fails with the reason, orders is backed up, and the exit code says a backup failed
        assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
        assertThat(result.stdout()).contains("✘ vault: FAILED", "permission denied", "✔ orders:",
                "Backup FAILED — 1 of 2 database(s) not backed up: vault.");
        assertThat(tmp.resolve("backups/vault")).doesNotExist();
        assertThat(files(tmp.resolve("backups/orders"))).hasSize(3);
        assertThat(Files.list(work())).as("no plaintext dump is left behind").isEmpty();

        // AND the metrics say vault failed tonight and when it last succeeded; orders succeeded with its rows
        Path vault = textfiles.resolve("restore_drill_backup_vault.prom");
        assertThat(metric(vault, "success")).isEqualTo("0.0");
        assertThat(metric(vault, "last_success_timestamp_seconds")).isEqualTo(lastSuccess);
        assertThat(Double.parseDouble(metric(vault, "last_run_timestamp_seconds"))).isGreaterThan(Double.parseDouble(lastSuccess));
        Path orders = textfiles.resolve("restore_drill_backup_orders.prom");
        assertThat(metric(orders, "success")).isEqualTo("1.0");
        assertThat(Double.parseDouble(metric(orders, "rows"))).isEqualTo(300);
        assertThat(files(textfiles)).containsExactly("restore_drill_backup_orders.prom", "restore_drill_backup_vault.prom");
    }

    /** The value of {@code restore_drill_backup_<name>} in a textfile. */
    private static String metric(Path file, String name) throws IOException {
        return Files.readAllLines(file).stream().filter(line -> line.startsWith("restore_drill_backup_" + name + "{"))
                .map(line -> line.substring(line.lastIndexOf(' ') + 1)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + file));
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private DrillProcess.Result backup(Map<String, String> environment, String... arguments) throws IOException {
        Map<String, String> all = new HashMap<>(source.cluster().clientEnvironment());
        all.putAll(environment);
        List<String> command = new ArrayList<>(List.of("backup", "--signing-key", signing.privateKey().toString(),
                "--work-dir", work().toString()));
        command.addAll(List.of(arguments));
        return DrillProcess.run(all, command.toArray(String[]::new));
    }

    /** Backs up {@code database} to {@code tmp/backups} with age; returns the dump file. */
    private Path backUpToDirectory(String database) throws IOException {
        DrillProcess.Result backup = backup(Map.of(), "--database", database, "--to", tmp.resolve("backups").toString(),
                "--encrypt-to", ageRecipient);
        assertThat(backup.exitCode()).as(backup.all()).isZero();
        try (Stream<Path> files = Files.list(tmp.resolve("backups").resolve(database))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".dump.age")).findFirst().orElseThrow();
        }
    }

    private DrillProcess.Result drillDirectory() throws IOException {
        return drill(Map.of(), "--from", tmp.resolve("backups").toString(), "--identity", identity.toString(),
                "--manifest-key", signing.publicKey().toString());
    }

    private DrillProcess.Result drill(Map<String, String> environment, String... arguments) throws IOException {
        PostgresFixture.reachableByServer(tmp);
        List<String> command = new ArrayList<>(List.of("local"));
        command.addAll(List.of(arguments));
        command.addAll(List.of("--out", tmp.resolve("out").toString(), "--work-dir", work().toString()));
        return DrillProcess.run(environment, command.toArray(String[]::new));
    }

    private Path work() throws IOException {
        return Files.createDirectories(tmp.resolve("work"));
    }

    /** The manifest beside {@code dump}, decrypted with the age command line tool. */
    private static BackupManifest readManifest(Path dump) throws Exception {
        Path encrypted = dump.resolveSibling(dump.getFileName() + ".manifest.json.age");
        byte[] json = age(List.of("age", "-d", "-i", identity.toString(), encrypted.toString()), null);
        assertThat(SigningKeys.opensslVerifies(signing.publicKey(), write(json),
                dump.resolveSibling(dump.getFileName() + ".manifest.sig"))).as("openssl verifies drill backup's signature").isTrue();
        return BackupManifest.parse(json, encrypted.toString());
    }

    /** Replaces the manifest beside {@code dump} with {@code manifest}, signed with {@code key}. */
    private static void writeManifest(Path dump, BackupManifest manifest, Path key) throws Exception {
        byte[] json = manifest.toJson();
        Files.write(dump.resolveSibling(dump.getFileName() + ".manifest.sig"),
                ManifestSignature.sign(json, ManifestSignature.signingKey(key, "test")));
        encryptManifest(dump, json);
    }

    private static void encryptManifest(Path dump, byte[] json) throws Exception {
        Path encrypted = dump.resolveSibling(dump.getFileName() + ".manifest.json.age");
        Files.write(encrypted, age(List.of("age", "-r", ageRecipient), json));
    }

    private static byte[] age(List<String> command, byte[] input) throws Exception {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (input != null) {
            process.getOutputStream().write(input);
        }
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
        return output;
    }

    private static Path write(byte[] bytes) throws IOException {
        Path file = Files.createTempFile(keys, "manifest", ".json");
        Files.write(file, bytes);
        return file;
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static PhaseResult phase(DrillReport report, Phase phase) {
        return report.phases().stream().filter(p -> p.phase() == phase).findFirst().orElseThrow();
    }

    private static CheckResult check(DrillReport report, String name) {
        return report.verification().checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }
}
