package io.restoredrill.core.verify.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.restoredrill.core.verify.CheckResult;
import io.restoredrill.core.verify.CheckStatus;
import io.restoredrill.testing.EveryKindSchema;
import io.restoredrill.testing.PostgresFixture;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Postgres tier: the schema inventory of a real database, and a copy of it (CREATE DATABASE … TEMPLATE) broken in
 * one way at a time, each difference named by the comparison.
 */
class SchemaComparisonTest {

    private static PostgresFixture postgres;
    private static SchemaInventory source;
    private static final AtomicInteger COPIES = new AtomicInteger();

    @BeforeAll
    static void startPostgres() throws SQLException {
        postgres = PostgresFixture.start();
        postgres.createDatabase("shop");
        postgres.execute("shop", EveryKindSchema.SQL);
        source = read("shop");
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Test
    void anIdenticalCopyPassesEveryKindAndListsWhatWasCompared() throws SQLException {
        // GIVEN an exact copy of the source
        String copy = copyOfSource("");

        // WHEN its schema is compared with the source's
        List<CheckResult> checks = SchemaComparison.againstSource(read(copy), new SourceSchema(source, source.sequenceValues()), true);

        // THEN every kind passes and is listed with its count, owners, privileges, sequences and large objects included
        assertThat(checks).allSatisfy(check -> assertThat(check.status()).as(check.name() + ": " + check.detail())
                .isEqualTo(CheckStatus.PASSED));
        assertThat(checks).extracting(CheckResult::name).containsExactly("database", "schemas", "extensions", "types",
                "tables", "columns", "constraints", "indexes", "views", "materialized views", "sequences",
                "functions and procedures", "triggers", "row-level security policies", "default privileges",
                "owners and privileges", "sequence values", "large objects");
        assertThat(checks).filteredOn(c -> c.name().equals("types")).singleElement()
                .extracting(CheckResult::measured).isEqualTo("3");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a function lost            | DROP FUNCTION billing.invoice_total(bigint)                        | functions and procedures | Missing from the copy: billing.invoice_total(bigint)
            a function changed         | CREATE OR REPLACE FUNCTION billing.invoice_total(bigint) RETURNS numeric LANGUAGE sql STABLE AS 'SELECT 0::numeric' | functions and procedures | Defined differently: billing.invoice_total(bigint)
            a view lost                | DROP VIEW billing.open_invoices                                    | views                    | Missing from the copy: billing.open_invoices
            an index lost              | DROP INDEX billing.payments_invoice                                | indexes                  | Missing from the copy: billing.payments_invoice
            a check constraint lost    | ALTER TABLE billing.invoices DROP CONSTRAINT positive_id           | constraints              | Missing from the copy: billing.invoices.positive_id
            a foreign key lost         | ALTER TABLE billing.payments DROP CONSTRAINT payments_invoice_id_fkey | constraints           | Missing from the copy: billing.payments.payments_invoice_id_fkey
            a column's type changed    | ALTER TABLE billing.payments ALTER COLUMN amount TYPE float8        | columns                  | billing.payments.amount (#3 numeric(12,2) not null in the source, #3 double precision not null in the copy)
            a column's default lost    | ALTER TABLE billing.invoices ALTER COLUMN status DROP DEFAULT       | columns                  | Defined differently: billing.invoices.status
            a trigger lost             | DROP TRIGGER payments_touch ON billing.payments                     | triggers                 | Missing from the copy: billing.payments.payments_touch
            a trigger disabled         | ALTER TABLE billing.payments DISABLE TRIGGER payments_touch         | triggers                 | Defined differently: billing.payments.payments_touch
            a matview left unpopulated | REFRESH MATERIALIZED VIEW billing.daily WITH NO DATA                | materialized views       | billing.daily (populated
            an enum value added        | ALTER TYPE billing.status ADD VALUE 'refunded'                      | types                    | Defined differently: billing.status
            a policy lost              | DROP POLICY own_invoices ON billing.invoices                        | row-level security policies | Missing from the copy: billing.invoices.own_invoices
            row security off           | ALTER TABLE billing.invoices DISABLE ROW LEVEL SECURITY             | tables                   | Defined differently: billing.invoices
            an extension lost          | DROP EXTENSION hstore CASCADE                                       | extensions               | Missing from the copy: hstore
            an extra table             | CREATE TABLE billing.scratch (x int)                                | tables                   | Not in the source: billing.scratch
            the columns of a lost view | DROP VIEW billing.open_invoices                                    | columns                  | Missing from the copy: the 2 columns of billing.open_invoices.
            a grant lost               | REVOKE SELECT ON billing.invoices FROM reporting                    | owners and privileges    | Other privileges: table billing.invoices
            an owner changed           | ALTER TABLE billing.payments OWNER TO reporting                     | owners and privileges    | Other owner: table billing.payments (app in the source, reporting in the copy)
            default privileges lost    | ALTER DEFAULT PRIVILEGES FOR ROLE app IN SCHEMA billing REVOKE SELECT ON TABLES FROM reporting | default privileges | Missing from the copy: for role app in schema billing on tables
            a sequence reset           | SELECT setval('billing.invoices_id_seq', 1)                         | sequence values          | billing.invoices_id_seq (at 1 in the copy; the source was at 40
            a large object lost        | SELECT lo_unlink(oid) FROM pg_largeobject_metadata                  | large objects            | The copy holds 0 large objects; the source held 1
            """)
    void eachDifferenceFailsItsKindNamingTheObject(String fault, String sql, String check, String named) throws SQLException {
        // GIVEN a copy of the source with one fault
        String copy = copyOfSource(sql);

        // WHEN its schema is compared with the source's
        List<CheckResult> checks = SchemaComparison.againstSource(read(copy), new SourceSchema(source, source.sequenceValues()), true);

        // THEN that kind fails, naming the object (with the columns check where a table or view came or went, and the
        // view's check where its columns went)
        assertThat(checks).filteredOn(c -> c.status() != CheckStatus.PASSED).extracting(CheckResult::name)
                .as(fault).contains(check).isSubsetOf(check, "columns", "views");
        assertThat(checks).filteredOn(c -> c.name().equals(check)).singleElement()
                .satisfies(c -> assertThat(c.detail()).as(fault).contains(named));
    }

    @Test
    void aSequenceAnywhereBetweenItsValuesBeforeAndAfterTheDumpPasses() throws SQLException {
        // GIVEN a source whose sequence moved from 40 to 90 while it was dumped, and a copy that holds 60
        String copy = copyOfSource("SELECT setval('billing.invoices_id_seq', 60)");
        SourceSchema moving = new SourceSchema(source, Map.of("billing.invoices_id_seq", 90L,
                "billing.payments_id_seq", 40L));

        // WHEN compared
        CheckResult values = SchemaComparison.againstSource(read(copy), moving, true).stream()
                .filter(c -> c.name().equals("sequence values")).findFirst().orElseThrow();

        // THEN it passes: the dump read the sequence at some moment in between
        assertThat(values.status()).as(values.detail()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void withoutOwnersRestoredTheirComparisonIsMarkedNotRun() throws SQLException {
        // GIVEN a copy whose owner differs, restored without owners (--no-owner)
        String copy = copyOfSource("ALTER TABLE billing.payments OWNER TO reporting");

        // WHEN compared without ownership
        List<CheckResult> checks = SchemaComparison.againstSource(read(copy), new SourceSchema(source, source.sequenceValues()), false);

        // THEN owners and privileges are a check not run, saying why, and nothing fails
        assertThat(checks).filteredOn(c -> c.name().equals("owners and privileges")).singleElement()
                .satisfies(c -> {
                    assertThat(c.status()).isEqualTo(CheckStatus.SKIPPED);
                    assertThat(c.detail()).contains("--no-owner");
                });
        assertThat(checks).noneMatch(c -> c.status().failsDrill());
    }

    @Test
    void driftSinceThePreviousDrillFailsOnAGoneObjectOnlyWhenTheSourceIsUnknown() throws SQLException {
        // GIVEN a copy that lost a view and gained a table since the previous drill
        SchemaInventory now = read(copyOfSource("DROP VIEW billing.open_invoices; CREATE TABLE billing.audit (x int)"));

        // WHEN compared with the previous drill, with and without the source's own schema known
        CheckResult alone = SchemaComparison.againstPrevious(now, "20261201-000000-aaaaaa", source, false);
        CheckResult withSource = SchemaComparison.againstPrevious(now, "20261201-000000-aaaaaa", source, true);

        // THEN alone the gone view fails it; with the source (the truth) the drift is only reported
        assertThat(alone.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(alone.detail()).contains("Gone: view billing.open_invoices.").contains("New: table billing.audit.");
        assertThat(withSource.status()).isEqualTo(CheckStatus.PASSED);
        assertThat(withSource.detail()).contains("Gone: view billing.open_invoices.");
    }

    private static String copyOfSource(String fault) {
        String name = "copy_" + COPIES.incrementAndGet();
        postgres.execute("postgres", "CREATE DATABASE " + name + " TEMPLATE shop");
        if (!fault.isBlank()) {
            postgres.execute(name, fault);
        }
        return name;
    }

    private static SchemaInventory read(String database) throws SQLException {
        try (Connection connection = postgres.connect(database)) {
            return SchemaReader.read(connection);
        }
    }
}
