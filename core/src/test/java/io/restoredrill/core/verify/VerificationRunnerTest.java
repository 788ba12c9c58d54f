package io.restoredrill.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restoredrill.core.error.VerificationFailedException;
import io.restoredrill.core.verify.suite.SuiteLoader;
import io.restoredrill.core.verify.suite.VerificationSuite;
import io.restoredrill.testing.PostgresFixture;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Postgres tier: the verifier against a real cluster. */
class VerificationRunnerTest {

    private static final String SCHEMA = """
            CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL);
            CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int NOT NULL REFERENCES customers(id),
                                 total numeric(10,2) NOT NULL, placed_at timestamptz NOT NULL);
            CREATE INDEX orders_customer ON orders (customer_id);
            INSERT INTO customers SELECT g, 'customer ' || g, now() - interval '1 hour' FROM generate_series(1, 300) g;
            INSERT INTO orders SELECT g, 1 + g % 300, (g % 997) / 3.0, now() - (g || ' minutes')::interval
              FROM generate_series(1, 5000) g;
            CREATE SCHEMA "Sales Dept";
            CREATE TABLE "Sales Dept"."we""ird" (v text);
            INSERT INTO "Sales Dept"."we""ird" VALUES ('a'), ('a'), ('b');
            CREATE TABLE measurements (at date NOT NULL, v float8) PARTITION BY RANGE (at);
            CREATE TABLE measurements_2025 PARTITION OF measurements FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
            CREATE TABLE measurements_2026 PARTITION OF measurements FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
            INSERT INTO measurements SELECT date '2025-06-01' + g, g / 7.0 FROM generate_series(0, 399) g;
            CREATE TABLE empty_table (id int);
            """;

    private static PostgresFixture postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresFixture.start();
        postgres.createDatabase("shop");
        postgres.execute("shop", SCHEMA);
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    private static VerificationResult verify(VerificationSuite suite, VerificationRequest request) {
        return new VerificationRunner(() -> postgres.connect("shop"), suite).run(request);
    }

    private static VerificationRequest plain() {
        return new VerificationRequest(Instant.now(), null, null, true);
    }

    private static CheckResult only(VerificationResult result, Predicate<CheckResult> which) {
        List<CheckResult> matching = result.checks().stream().filter(which).toList();
        assertThat(matching).hasSize(1);
        return matching.get(0);
    }

    @Test
    void zeroConfigCountsEveryUserTableExactlyAndChecksEveryBtreeIndex() {
        // GIVEN a database with plain, quoted-name, partitioned and empty tables
        // WHEN the zero-config suite runs
        VerificationResult result = verify(VerificationSuite.defaults(), plain());

        // THEN every table has its exact row count, partitions one by one, and the partitioned
        // parent as their sum, which the total does not count twice
        assertThat(result.inventory().tables()).extracting(TableInventory::qualifiedName, TableInventory::rows)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Sales Dept.\"we\"\"ird\"", 3L),
                        org.assertj.core.groups.Tuple.tuple("public.customers", 300L),
                        org.assertj.core.groups.Tuple.tuple("public.empty_table", 0L),
                        org.assertj.core.groups.Tuple.tuple("public.measurements", 400L),
                        org.assertj.core.groups.Tuple.tuple("public.measurements_2025", 214L),
                        org.assertj.core.groups.Tuple.tuple("public.measurements_2026", 186L),
                        org.assertj.core.groups.Tuple.tuple("public.orders", 5000L));
        assertThat(result.inventory().totalRows()).isEqualTo(5703);
        assertThat(result.inventory().find("public.measurements")).get()
                .extracting(TableInventory::partitioned).isEqualTo(true);
        // AND each B-tree index (two primary keys and one secondary) passed amcheck
        assertThat(result.checks()).filteredOn(c -> c.kind() == CheckKind.AMCHECK)
                .extracting(CheckResult::name, CheckResult::status)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("public.customers_pkey", CheckStatus.PASSED),
                        org.assertj.core.groups.Tuple.tuple("public.orders_pkey", CheckStatus.PASSED),
                        org.assertj.core.groups.Tuple.tuple("public.orders_customer", CheckStatus.PASSED));
        // AND the server version is recorded, every check carries a duration, and the drill would pass
        assertThat(result.serverVersion()).matches("\\d+\\.\\d+.*");
        assertThat(result.checks()).allSatisfy(c -> assertThat(c.duration().isNegative()).isFalse());
        assertThat(result.passed()).isTrue();
    }

    @Test
    void withoutAScanOfTheSourceATableFarBelowItsEstimateOrOffItsExactCountFailsAndAMissingTableIsNamed() {
        // GIVEN what the source's catalog said at the snapshot: customers counted exactly (300), orders estimated at
        // 20,000 rows (the copy holds 5,000), the weird table estimated at 4 (the copy holds 3), the empty table never
        // analyzed, and a table the copy lacks
        SourceCatalog catalog = new SourceCatalog(List.of(
                new SourceTable("public", "customers", 300L, 280L),
                new SourceTable("public", "orders", null, 20_000L),
                new SourceTable("Sales Dept", "we\"ird", null, 4L),
                new SourceTable("public", "empty_table", null, null),
                new SourceTable("public", "measurements_2025", null, 214L),
                new SourceTable("public", "measurements_2026", null, 186L),
                new SourceTable("public", "invoices", 12L, 12L)), null);

        // WHEN the copy is verified against it
        VerificationResult result = verify(VerificationSuite.defaults(), new VerificationRequest(Instant.now(), null, null,
                true, null, null, catalog, true));

        // THEN orders fails, under half its estimate; customers, at its exact count, and the weird table, within its
        // estimate, pass; the unanalyzed table passes saying it could not be compared; the missing table is named
        assertThat(only(result, c -> c.name().equals("public.orders") && c.kind() == CheckKind.TABLE_INVENTORY))
                .satisfies(c -> {
                    assertThat(c.status()).isEqualTo(CheckStatus.FAILED);
                    assertThat(c.detail()).contains("5000 rows; the source's statistics said about 20000");
                    assertThat(c.expected()).isEqualTo("about 20000 rows (statistics), at least 10000");
                });
        assertThat(only(result, c -> c.name().equals("public.customers") && c.kind() == CheckKind.TABLE_INVENTORY).status())
                .isEqualTo(CheckStatus.PASSED);
        assertThat(only(result, c -> c.name().equals("Sales Dept.\"we\"\"ird\"")).status()).isEqualTo(CheckStatus.PASSED);
        assertThat(only(result, c -> c.name().equals("public.empty_table")).detail()).contains("no row estimate");
        assertThat(only(result, c -> c.kind() == CheckKind.SOURCE_INVENTORY)).satisfies(c -> {
            assertThat(c.status()).isEqualTo(CheckStatus.FAILED);
            assertThat(c.detail()).isEqualTo("Missing from the restored copy: public.invoices.");
        });
        assertThat(result.failures()).extracting(CheckResult::name).containsExactlyInAnyOrder("source tables", "public.orders");
    }

    @Test
    void aCopyWithoutUserDataFailsUnlessTheSuiteExpectsItEmpty() {
        // GIVEN a database with no user table, and one whose tables are all empty (an empty dump, the wrong database)
        postgres.createDatabase("nothing_here");
        postgres.createDatabase("empty_tables");
        postgres.execute("empty_tables", "CREATE TABLE orders (id int PRIMARY KEY); CREATE TABLE customers (id int);");

        // WHEN each is verified with the zero-config suite
        VerificationResult noTable = new VerificationRunner(() -> postgres.connect("nothing_here"), VerificationSuite.defaults())
                .run(plain());
        VerificationResult emptyTables = new VerificationRunner(() -> postgres.connect("empty_tables"),
                VerificationSuite.defaults()).run(plain());

        // THEN both fail on the user-data check, saying what they hold and what to do
        assertThat(noTable.passed()).isFalse();
        assertThat(only(noTable, c -> c.kind() == CheckKind.USER_DATA).detail()).contains("no user table")
                .contains("expectEmpty: true");
        assertThat(emptyTables.passed()).isFalse();
        assertThat(only(emptyTables, c -> c.kind() == CheckKind.USER_DATA).measured()).isEqualTo("2 tables, 0 rows");
        // AND a suite that declares the database empty lets the empty one pass
        VerificationSuite empty = SuiteLoader.parse("expectEmpty: true\n", "empty.yaml");
        VerificationResult declared = new VerificationRunner(() -> postgres.connect("empty_tables"), empty).run(plain());
        assertThat(declared.passed()).isTrue();
        assertThat(only(declared, c -> c.kind() == CheckKind.USER_DATA).status()).isEqualTo(CheckStatus.PASSED);
        // AND one row is enough to pass it
        postgres.execute("empty_tables", "INSERT INTO customers VALUES (1)");
        VerificationResult oneRow = new VerificationRunner(() -> postgres.connect("empty_tables"), VerificationSuite.defaults())
                .run(plain());
        assertThat(only(oneRow, c -> c.kind() == CheckKind.USER_DATA).status()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void aCopyOnAnotherMajorVersionThanTheSourceFailsTheServerVersionCheck() {
        // GIVEN the copy on this PostgreSQL 15, and a source that runs 14 (the dump was restored into a newer major)
        VerificationRunner runner = new VerificationRunner(() -> postgres.connect("shop"), VerificationSuite.defaults());

        // WHEN it is verified against that source, and against a source of its own major on another minor release
        VerificationResult upgraded = runner.run(new VerificationRequest(Instant.now(), null, null, true, null, "14.9"));
        VerificationResult sameMajor = runner.run(new VerificationRequest(Instant.now(), null, null, true, null, "15.2"));

        // THEN the first fails naming both versions; the second passes and says the minor differs
        CheckResult version = only(upgraded, c -> c.kind() == CheckKind.SERVER_VERSION);
        assertThat(version.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(version.detail()).contains("the source runs 14.9").contains("restored on PostgreSQL 15.");
        assertThat(upgraded.passed()).isFalse();
        assertThat(only(sameMajor, c -> c.kind() == CheckKind.SERVER_VERSION).detail()).contains("the source runs 15.2");
        assertThat(sameMajor.passed()).isTrue();
    }

    @Test
    void tablesAreScannedLargestFirstAndIndexesCarryTheirSizeForTheSameOrder() throws Exception {
        // GIVEN the shop database, whose largest tables are orders (5000 rows), then customers (300)
        // WHEN the catalog is read
        List<String> tables;
        List<BtreeIndex> indexes;
        try (var connection = postgres.connect("shop")) {
            tables = Catalog.userTables(connection).stream().map(t -> t.qualifiedName()).toList();
            indexes = Catalog.btreeIndexes(connection);
        }

        // THEN tables come largest first, so the connections of a pool finish together
        assertThat(tables).startsWith("public.orders", "public.customers");
        // AND indexes come in name order (the order of their results) with their sizes, to start the largest first
        assertThat(indexes).extracting(BtreeIndex::name)
                .containsExactly("customers_pkey", "orders_customer", "orders_pkey");
        assertThat(indexes).allSatisfy(index -> assertThat(index.bytes()).isPositive());
    }

    @Test
    void theSetupConnectionIsReusedSoAPoolOfTwoLogsInTwice() {
        // GIVEN a connection source that counts its logins (each one a SCRAM exchange)
        java.util.concurrent.atomic.AtomicInteger logins = new java.util.concurrent.atomic.AtomicInteger();
        VerificationRunner runner = new VerificationRunner(() -> {
            logins.incrementAndGet();
            return postgres.connect("shop");
        }, VerificationSuite.defaults().withParallelism(2));

        // WHEN the zero-config suite runs with two connections
        VerificationResult result = runner.run(plain());

        // THEN it logged in twice (the setup's connection became the pool's first), and it still passed
        assertThat(logins.get()).isEqualTo(2);
        assertThat(result.passed()).isTrue();
    }

    @Test
    void tablesWhoseNamesHoldDotsAreCountedSeparately() {
        // GIVEN a."b.c" and "a.b".c, which a plain dotted name would confuse
        postgres.createDatabase("dots");
        postgres.execute("dots", """
                CREATE SCHEMA a; CREATE SCHEMA "a.b";
                CREATE TABLE a."b.c" (v int); INSERT INTO a."b.c" VALUES (1);
                CREATE TABLE "a.b".c (v int); INSERT INTO "a.b".c VALUES (1), (2);
                """);

        // WHEN verified
        VerificationResult result = new VerificationRunner(() -> postgres.connect("dots"), VerificationSuite.defaults())
                .run(plain());

        // THEN both are inventoried under distinct names with their own counts
        assertThat(result.inventory().tables()).extracting(TableInventory::qualifiedName, TableInventory::rows)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("a.\"b.c\"", 1L),
                        org.assertj.core.groups.Tuple.tuple("\"a.b\".c", 2L));
        assertThat(result.passed()).isTrue();
    }

    @Test
    void contentHashIsOrderIndependentButSeesDuplicatesAndChangedValues() throws Exception {
        // GIVEN two tables with the same rows inserted in different orders, and tables differing only subtly
        postgres.createDatabase("hashes");
        postgres.execute("hashes", """
                CREATE TABLE a (v text); INSERT INTO a VALUES ('x'), ('y'), ('z');
                CREATE TABLE b (v text); INSERT INTO b VALUES ('z'), ('x'), ('y');
                CREATE TABLE dup1 (v text); INSERT INTO dup1 VALUES ('x'), ('x');
                CREATE TABLE dup2 (v text); INSERT INTO dup2 VALUES ('y'), ('y');
                CREATE TABLE c (v text); INSERT INTO c VALUES ('x'), ('y'), ('Z');
                """);
        // WHEN they are scanned
        Map<String, TableInventory> tables = InventoryScanner.scan(() -> postgres.connect("hashes"), 2, Duration.ofMinutes(1)).byName();

        // THEN row order does not matter, but duplicates and a one-letter change do
        assertThat(tables.get("public.a").contentHash()).isEqualTo(tables.get("public.b").contentHash());
        assertThat(tables.get("public.dup1").contentHash()).isNotEqualTo(tables.get("public.dup2").contentHash());
        assertThat(tables.get("public.a").contentHash()).isNotEqualTo(tables.get("public.c").contentHash());
    }

    @Test
    void comparisonWithTheSourceFailsTheTableThatDiffersAndNamesMissingTables() throws Exception {
        // GIVEN the source's inventory, then a copy that lost one order and one whole table
        Inventory source = InventoryScanner.scan(() -> postgres.connect("shop"), 2, Duration.ofMinutes(1));
        postgres.execute("postgres", "CREATE DATABASE shop_copy TEMPLATE shop");
        postgres.execute("shop_copy", "DELETE FROM orders WHERE id = 42; DROP TABLE empty_table;");

        // WHEN the copy is verified against the source inventory
        VerificationResult result = new VerificationRunner(() -> postgres.connect("shop_copy"), VerificationSuite.defaults())
                .run(new VerificationRequest(Instant.now(), null, source, true));

        // THEN the orders table fails with both counts, the missing table is named, the rest pass
        CheckResult orders = only(result, c -> c.name().equals("public.orders"));
        assertThat(orders.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(orders.detail()).contains("4999 rows").contains("5000");
        assertThat(only(result, c -> c.name().equals("public.customers")).status()).isEqualTo(CheckStatus.PASSED);
        CheckResult tables = only(result, c -> c.kind() == CheckKind.SOURCE_INVENTORY);
        assertThat(tables.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(tables.detail()).contains("public.empty_table");
        assertThat(result.passed()).isFalse();
    }

    @Test
    void previousDrillComparisonFailsOnMissingTableOrRowDropBeyondThreshold() {
        // GIVEN a previous drill that saw more orders than today (+20%) and a table that is gone now
        Inventory previous = new Inventory(List.of(
                new TableInventory("public", "orders", 6250, "0"),
                new TableInventory("public", "customers", 310, "0"),
                new TableInventory("public", "gone", 10, "0")));

        // WHEN verified with the default 10% threshold
        VerificationResult result = verify(VerificationSuite.defaults(),
                new VerificationRequest(Instant.now(), new PreviousDrill("20260101-000000-abcd", previous), null, true));

        // THEN the comparison fails naming the dropped table and the missing one, but not customers (-3%)
        CheckResult comparison = only(result, c -> c.kind() == CheckKind.PREVIOUS_INVENTORY);
        assertThat(comparison.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(comparison.detail()).contains("public.orders dropped from 6250 to 5000 rows")
                .contains("public.gone is missing").doesNotContain("customers");
    }

    @Test
    void suiteRulesPassAndFailOnWhatTheyMeasure() {
        // GIVEN a suite with passing and failing rules of every kind
        VerificationSuite suite = SuiteLoader.parse("""
                tables: [public.customers, public.orders, public.invoices]
                rowCount:
                  - {table: orders, min: 1000, max: 10000}
                  - {table: customers, min: 1000}
                freshness:
                  - {table: orders, column: placed_at, maxLag: 1h}
                  - {table: customers, column: created_at, maxLag: 10m}
                sql:
                  - name: no orphan orders
                    query: SELECT count(*) FROM orders o LEFT JOIN customers c ON c.id = o.customer_id WHERE c.id IS NULL
                    expect: 0
                  - name: total revenue
                    query: SELECT sum(total) FROM orders
                    expect: 1
                  - name: no big orders
                    query: SELECT id FROM orders WHERE total > 300 ORDER BY id
                    expectNoRows: true
                """, "test");
        Instant drillStart = Instant.now();

        // WHEN it runs
        VerificationResult result = verify(suite, new VerificationRequest(drillStart, null, null, true));

        // THEN each rule reports its measured value and the right status
        assertThat(only(result, c -> c.kind() == CheckKind.TABLES)).satisfies(c -> {
            assertThat(c.status()).isEqualTo(CheckStatus.FAILED);
            assertThat(c.detail()).contains("public.invoices");
        });
        assertThat(only(result, c -> c.kind() == CheckKind.ROW_COUNT && c.name().equals("public.orders")))
                .extracting(CheckResult::status, CheckResult::measured).containsExactly(CheckStatus.PASSED, "5000");
        assertThat(only(result, c -> c.kind() == CheckKind.ROW_COUNT && c.name().equals("public.customers")).status())
                .isEqualTo(CheckStatus.FAILED);
        assertThat(only(result, c -> c.name().equals("public.orders.placed_at")).status()).isEqualTo(CheckStatus.PASSED);
        CheckResult stale = only(result, c -> c.name().equals("public.customers.created_at"));
        assertThat(stale.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(stale.detail()).contains("more than the allowed 10m 00s");
        assertThat(only(result, c -> c.name().equals("no orphan orders")))
                .extracting(CheckResult::status, CheckResult::measured).containsExactly(CheckStatus.PASSED, "0");
        assertThat(only(result, c -> c.name().equals("total revenue")).status()).isEqualTo(CheckStatus.FAILED);
        assertThat(only(result, c -> c.name().equals("no big orders"))).satisfies(c -> {
            assertThat(c.status()).isEqualTo(CheckStatus.FAILED);
            assertThat(c.measured()).isEqualTo("more than 5 rows");
        });
        // AND the newest freshness value becomes the RPO reference: the newest order, a minute before the data load
        assertThat(result.newestData()).isBefore(drillStart).isAfter(drillStart.minus(Duration.ofHours(1)));
    }

    @Test
    void aCheckThatRunsPastItsTimeoutIsAnErrorAndOthersStillRun() {
        // GIVEN a one-second timeout and a query that sleeps three seconds
        VerificationSuite suite = SuiteLoader.parse("""
                timeout: 1s
                sql:
                  - {name: slow, query: "SELECT pg_sleep(3)::text || 'x'", expect: x}
                  - {name: bad sql, query: "SELEC 1", expect: 1}
                  - {name: writes refused, query: "DELETE FROM orders RETURNING id", expectNoRows: true}
                """, "test");

        // WHEN it runs
        VerificationResult result = verify(suite, plain());

        // THEN the slow check is an ERROR that says it timed out, the bad one says why, writes are refused
        assertThat(only(result, c -> c.name().equals("slow"))).satisfies(c -> {
            assertThat(c.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(c.detail()).contains("timed out after 1.0s");
            assertThat(c.duration()).isLessThan(Duration.ofSeconds(3));
        });
        assertThat(only(result, c -> c.name().equals("bad sql")).detail()).contains("syntax error");
        assertThat(only(result, c -> c.name().equals("writes refused")).detail()).contains("read-only transaction");
        // AND the table inventory was still complete
        assertThat(result.inventory().find("public.orders")).get().extracting(TableInventory::rows).isEqualTo(5000L);
    }

    @Test
    void noCheckRunsPastTheDeadlineEvenWhenMostWaitInTheQueue() {
        // GIVEN eight ten-second checks on two connections, and a deadline three seconds away
        StringBuilder yaml = new StringBuilder("parallelism: 2\nsql:\n");
        for (int i = 1; i <= 8; i++) {
            yaml.append("  - {name: slow ").append(i).append(", query: \"SELECT pg_sleep(10)::text || 'x'\", expect: x}\n");
        }
        VerificationSuite suite = SuiteLoader.parse(yaml.toString(), "test");
        Instant started = Instant.now();

        // WHEN verification runs against that deadline
        VerificationResult result = verify(suite, new VerificationRequest(started, null, null, false, started.plusSeconds(3)));

        // THEN it ends soon after the deadline, every slow check is an ERROR that says why
        assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(8));
        assertThat(result.checks()).filteredOn(c -> c.name().startsWith("slow")).hasSize(8).allSatisfy(c -> {
            assertThat(c.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(c.detail()).containsAnyOf("timed out", "deadline had passed");
        });
    }

    @Test
    void withoutPrivilegesToCreateAmcheckTheResultSaysIndexesWereNotChecked() {
        // GIVEN a role that may read the tables but not create extensions
        postgres.execute("shop", """
                CREATE ROLE reader LOGIN PASSWORD 'reader-pass';
                GRANT USAGE ON SCHEMA "Sales Dept" TO reader;
                GRANT SELECT ON ALL TABLES IN SCHEMA public, "Sales Dept" TO reader;
                """);
        Properties props = new Properties();
        props.setProperty("user", "reader");
        props.setProperty("password", "reader-pass");

        // WHEN the verifier runs as that role
        VerificationResult result = new VerificationRunner(
                () -> DriverManager.getConnection(postgres.cluster().jdbcUrl("shop"), props), VerificationSuite.defaults())
                .run(plain());

        // THEN one SKIPPED amcheck result explains why, no index was checked, and the drill still passes
        CheckResult amcheck = only(result, c -> c.kind() == CheckKind.AMCHECK);
        assertThat(amcheck.status()).isEqualTo(CheckStatus.SKIPPED);
        assertThat(amcheck.detail()).contains("amcheck extension cannot be created").contains("permission denied");
        assertThat(result.passed()).isTrue();

        // WHEN a suite requires every check to run THEN the same amcheck is an ERROR that fails the drill, naming why
        VerificationResult required = new VerificationRunner(
                () -> DriverManager.getConnection(postgres.cluster().jdbcUrl("shop"), props),
                requireAllChecks(VerificationSuite.defaults())).run(plain());
        CheckResult mandatory = only(required, c -> c.kind() == CheckKind.AMCHECK);
        assertThat(mandatory.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(mandatory.detail()).contains("permission denied").contains("requireAllChecks");
        assertThat(required.passed()).isFalse();
    }

    private static VerificationSuite requireAllChecks(VerificationSuite suite) {
        return new VerificationSuite(suite.checkTimeout(), suite.parallelism(), suite.amcheck(), suite.heapAllIndexed(),
                suite.rowCountDropThreshold(), suite.tables(), suite.rowCount(), suite.freshness(), suite.sql(), true, false, true,
                List.of(), List.of(), true);
    }

    @Test
    void anUnreachableDatabaseIsAVerificationFailureWithTheReason() {
        // GIVEN a connection source pointing at a database that does not exist
        VerificationRunner runner = new VerificationRunner(() -> postgres.connect("no_such_db"), VerificationSuite.defaults());

        // WHEN / THEN
        assertThatThrownBy(() -> runner.run(plain()))
                .isInstanceOf(VerificationFailedException.class)
                .hasMessageContaining("Cannot query the restored database")
                .hasMessageContaining("no_such_db");
    }
}
