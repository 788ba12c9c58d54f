package io.restoredrill.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restoredrill.core.json.Json;
import io.restoredrill.core.verify.suite.SuiteLoader;
import io.restoredrill.core.verify.suite.VerificationSuite;
import io.restoredrill.testing.PostgresFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Postgres tier: a verification spread over many short slices, as the AWS engine runs it one Lambda invocation at a
 * time, its progress kept as JSON between them, gives what one uninterrupted run gives, including after a slice that
 * dies midway.
 */
class SlicedVerificationTest {

    /** Two million rows (about 16,000 blocks): in ranges of 512 blocks, some thirty scans. */
    private static final String LARGE = """
            CREATE TABLE ledger (id bigint PRIMARY KEY, account int NOT NULL, amount numeric(12, 2) NOT NULL,
                                 note text, booked_at timestamptz NOT NULL);
            INSERT INTO ledger SELECT g, g % 9973, (g % 100003) / 100.0, 'entry ' || g,
                                      timestamptz '2026-12-01 00:00:00+00' + (g || ' seconds')::interval
              FROM generate_series(1, 2000000) g;
            CREATE TABLE accounts (id int PRIMARY KEY, holder text NOT NULL);
            INSERT INTO accounts SELECT g, 'holder ' || g FROM generate_series(0, 9972) g;
            CREATE TABLE readings (at date NOT NULL, v float8) PARTITION BY RANGE (at);
            CREATE TABLE readings_2026 PARTITION OF readings FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
            INSERT INTO readings SELECT date '2026-01-01' + g % 365, g / 7.0 FROM generate_series(1, 50000) g;
            CREATE TABLE shapes (id int, p point);
            INSERT INTO shapes SELECT g, point(g, g) FROM generate_series(1, 100) g;
            """;
    private static final long RANGE_BLOCKS = 512;
    private static final Instant DRILL_START = Instant.parse("2026-12-06T00:00:00Z");

    private static PostgresFixture postgres;
    private static VerificationSuite suite;

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresFixture.start();
        postgres.createDatabase("ledger");
        postgres.execute("ledger", LARGE);
        postgres.execute("ledger", "VACUUM ANALYZE");
        postgres.createDatabase("slow");
        postgres.execute("slow", "CREATE TABLE t (id int); INSERT INTO t VALUES (1)");
        suite = SuiteLoader.parse("""
                {"parallelism": 2,
                 "freshness": [{"table": "ledger", "column": "booked_at", "maxLag": "30d"}],
                 "rowCount": [{"table": "ledger", "min": 1000000}],
                 "sql": [{"name": "every entry has its account",
                          "query": "SELECT l.id FROM ledger l LEFT JOIN accounts a ON a.id = l.account WHERE a.id IS NULL",
                          "expectNoRows": true}]}
                """, "test suite");
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    private static VerificationRunner runner(String database, VerificationSuite suite, long rangeBlocks) {
        return new VerificationRunner(() -> postgres.connect(database), suite, rangeBlocks);
    }

    private static VerificationRequest request() {
        return new VerificationRequest(DRILL_START, null, null, true);
    }

    /** How the AWS engine keeps progress between invocations: as JSON. */
    private static VerificationProgress throughJson(VerificationProgress progress) {
        try {
            return Json.mapper().readValue(Json.mapper().writeValueAsBytes(progress), VerificationProgress.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs slices of {@code slice} each, from {@code progress}, until the verification is done. */
    private static VerificationProgress inSlices(VerificationRunner runner, VerificationProgress progress, Duration slice) {
        VerificationProgress current = progress;
        do {
            current = throughJson(runner.runSlice(current, request(), Instant.now().plus(slice), Checkpoint.NONE));
        } while (!current.finished());
        return current;
    }

    private static List<String> outcomes(VerificationResult result) {
        return result.checks().stream().map(c -> c.kind() + " " + c.name() + " " + c.status() + " " + c.measured()).toList();
    }

    @Test
    void aVerificationInManyShortSlicesGivesWhatOneUninterruptedRunGives() {
        // GIVEN what one uninterrupted run finds, every table scanned whole
        VerificationResult whole = runner("ledger", suite, Long.MAX_VALUE).run(request());
        assertThat(whole.passed()).as("%s", whole.checks()).isTrue();

        // WHEN the same verification runs in slices of a fifth of a second, its progress through JSON between them, the
        // large table in ranges of 512 blocks
        VerificationRunner sliced = runner("ledger", suite, RANGE_BLOCKS);
        VerificationProgress done = inSlices(sliced, null, Duration.ofMillis(200));
        VerificationResult result = sliced.finish(done, request());

        // THEN it took many slices, the large table was read in many ranges
        assertThat(done.slices()).isGreaterThanOrEqualTo(4);
        assertThat(done.plan().scans()).filteredOn(ScanUnit::isRange).hasSizeGreaterThan(20)
                .allSatisfy(unit -> assertThat(unit.table().table()).isEqualTo("ledger"));
        // AND its inventory is exactly the uninterrupted one's: every table's rows and content hash, ranges added up
        assertThat(result.inventory().tables()).containsExactlyElementsOf(whole.inventory().tables());
        assertThat(result.inventory().find("public.ledger")).get().extracting(TableInventory::rows).isEqualTo(2_000_000L);
        // AND every check ran once, in the same order, with the same outcome; the freshness measurement is kept
        assertThat(outcomes(result)).containsExactlyElementsOf(outcomes(whole));
        assertThat(result.newestData()).isEqualTo(whole.newestData()).isNotNull();
        assertThat(result.passed()).isTrue();
    }

    @Test
    void aRangedScanCatchesOneChangedValueInTheMiddleOfTheLargeTable() {
        // GIVEN the ranged inventory of the ledger
        VerificationRunner sliced = runner("ledger", suite, RANGE_BLOCKS);
        TableInventory before = sliced.run(request()).inventory().find("public.ledger").orElseThrow();
        // WHEN one amount in a middle block changes, and then goes back
        postgres.execute("ledger", "UPDATE ledger SET amount = amount + 0.01 WHERE id = 1000000");
        TableInventory changed;
        try {
            changed = sliced.run(request()).inventory().find("public.ledger").orElseThrow();
        } finally {
            postgres.execute("ledger", "UPDATE ledger SET amount = amount - 0.01 WHERE id = 1000000");
        }
        // THEN the count is the same and the content hash is not
        assertThat(changed.rows()).isEqualTo(before.rows());
        assertThat(changed.contentHash()).isNotEqualTo(before.contentHash());
    }

    @Test
    void aSliceThatDiesMidwayIsTakenUpFromItsLastCheckpointWithTheSameResult() {
        // GIVEN an uninterrupted run's result
        VerificationResult whole = runner("ledger", suite, Long.MAX_VALUE).run(request());
        // AND a slice that keeps its progress every 50 ms, and dies (its invocation killed) at its second save after a
        // scan was done (counted from there, not from the start: on a busy machine the first saves may find nothing done)
        VerificationRunner sliced = runner("ledger", suite, RANGE_BLOCKS);
        AtomicReference<VerificationProgress> kept = new AtomicReference<>();
        AtomicInteger saves = new AtomicInteger();
        Checkpoint dying = new Checkpoint(Duration.ofMillis(50), progress -> {
            if (progress.done() > 0 && saves.incrementAndGet() == 2) {
                throw new IllegalStateException("invocation killed");
            }
            kept.set(throughJson(progress));
        });
        assertThatThrownBy(() -> sliced.runSlice(null, request(), Instant.now().plusSeconds(60), dying))
                .hasMessage("invocation killed");
        VerificationProgress lastKept = kept.get();
        assertThat(lastKept.done()).as("scans kept before it died").isPositive();
        assertThat(lastKept.finished()).isFalse();

        // WHEN the next invocations go on from what was kept
        VerificationProgress done = inSlices(sliced, lastKept, Duration.ofSeconds(2));

        // THEN nothing was lost or counted twice
        VerificationResult result = sliced.finish(done, request());
        assertThat(result.inventory().tables()).containsExactlyElementsOf(whole.inventory().tables());
        assertThat(outcomes(result)).containsExactlyElementsOf(outcomes(whole));
    }

    @Test
    void aTableAtSampledDepthIsCountedExactlyItsSampleHashedRepeatablyAndALostRowIsStillCaught() {
        // GIVEN the full inventory of the ledger, as a source scan would give it
        Inventory source = runner("ledger", suite, RANGE_BLOCKS).run(request()).inventory();
        TableInventory full = source.find("public.ledger").orElseThrow();
        // AND a suite that verifies the ledger at sampled depth: 1 % of its blocks, seed 7
        VerificationSuite sampled = SuiteLoader.parse("""
                {"parallelism": 2, "sampled": [{"table": "ledger", "percent": 1, "seed": 7}]}
                """, "sampled suite");

        // WHEN the copy is verified at that depth against the source's inventory, in ranges and in slices
        VerificationRunner runner = runner("ledger", sampled, RANGE_BLOCKS);
        VerificationRequest against = new VerificationRequest(DRILL_START, null, source, true);
        VerificationProgress done = inSlices(runner, null, Duration.ofMillis(200));
        VerificationResult result = runner.finish(done, against);

        // THEN every row was counted, the content hashed over a 1 % sample whose seed and size the report keeps
        TableInventory ledger = result.inventory().find("public.ledger").orElseThrow();
        assertThat(ledger.rows()).isEqualTo(2_000_000L);
        assertThat(ledger.sample()).extracting(TableSample::percent, TableSample::seed).containsExactly(1.0, 7L);
        assertThat(ledger.sample().rows()).isBetween(5_000L, 60_000L);
        assertThat(ledger.contentHash()).isNotEqualTo(full.contentHash());
        // AND the same seed reads the same sample: the hash is repeatable
        assertThat(runner.run(against).inventory().find("public.ledger").orElseThrow().contentHash())
                .isEqualTo(ledger.contentHash());
        // AND the table's check says how it was checked, and compares its count, not its content, with the source
        CheckResult check = result.checks().stream().filter(c -> c.kind() == CheckKind.TABLE_INVENTORY
                && c.name().equals("public.ledger")).findFirst().orElseThrow();
        assertThat(check.status()).isEqualTo(CheckStatus.PASSED);
        assertThat(check.measured()).contains("2000000 rows").contains("of a sample (1% of blocks, seed 7,");
        assertThat(check.detail()).contains("hashed over a sample of its blocks (sampled depth)");
        assertThat(result.passed()).isTrue();

        // WHEN one row of the ledger is lost
        postgres.execute("ledger", "DELETE FROM ledger WHERE id = 1234567");
        VerificationResult lost;
        try {
            lost = runner.run(against);
        } finally {
            postgres.execute("ledger", "INSERT INTO ledger VALUES (1234567, 1234567 % 9973, (1234567 % 100003) / 100.0,"
                    + " 'entry 1234567', timestamptz '2026-12-01 00:00:00+00' + interval '1234567 seconds')");
        }
        // THEN the exact count still catches it
        CheckResult lostCheck = lost.checks().stream().filter(c -> c.kind() == CheckKind.TABLE_INVENTORY
                && c.name().equals("public.ledger")).findFirst().orElseThrow();
        assertThat(lostCheck.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(lostCheck.detail()).isEqualTo("The restored table has 1999999 rows; the source had 2000000.");
    }

    @Test
    void aSampleRuleThatNamesNoTableOrAPartitionedParentFailsSayingWhatToSampleInstead() {
        VerificationSuite sampled = SuiteLoader.parse("""
                {"sampled": [{"table": "readings", "percent": 10}, {"table": "no_such_table", "percent": 10}]}
                """, "sampled suite");
        VerificationResult result = runner("ledger", sampled, RANGE_BLOCKS).run(request());
        assertThat(result.checks()).filteredOn(c -> c.kind() == CheckKind.TABLES)
                .extracting(CheckResult::name, CheckResult::status, CheckResult::detail)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("public.readings", CheckStatus.FAILED, "The suite samples"
                                + " public.readings, a partitioned table, which holds no rows of its own: sample its"
                                + " partitions instead."),
                        org.assertj.core.groups.Tuple.tuple("public.no_such_table", CheckStatus.FAILED, "The suite samples"
                                + " public.no_such_table, which the restored copy does not hold."));
        assertThat(result.passed()).isFalse();
    }

    @Test
    void withoutASeedEachVerificationSamplesAnewAndRecordsItsSeed() {
        VerificationSuite sampled = SuiteLoader.parse("""
                {"sampled": [{"table": "accounts", "percent": 50}]}
                """, "sampled suite");
        VerificationRunner runner = runner("ledger", sampled, RANGE_BLOCKS);
        TableSample first = runner.run(request()).inventory().find("public.accounts").orElseThrow().sample();
        TableSample second = runner.run(request()).inventory().find("public.accounts").orElseThrow().sample();
        assertThat(first.percent()).isEqualTo(50.0);
        assertThat(first.seed()).isNotEqualTo(second.seed());
        assertThat(first.rows()).isPositive();
    }

    @Test
    void everySliceMakesProgressEvenWhenItIsOverBeforeItsFirstCheckStarts() {
        // GIVEN invocations that leave no time at all for their slice (a misconfigured margin)
        VerificationRunner runner = runner("ledger", SuiteLoader.parse("{\"parallelism\": 1}", "one connection"), 4 * RANGE_BLOCKS);
        // WHEN the verification runs in such slices
        VerificationProgress done = inSlices(runner, null, Duration.ZERO);
        // THEN each slice still ran its first check (the first slice the schema's read too, which has no time limit), so
        // it ended, one check per slice, with the uninterrupted result
        assertThat(done.plan().units()).isGreaterThan(10);
        assertThat(done.slices()).isEqualTo(done.plan().units() - 1);
        assertThat(outcomes(runner.finish(done, request()))).containsExactlyElementsOf(outcomes(runner.run(request())));
    }

    @Test
    void aCheckCutInAFirstSliceThatLoggingInShortenedGoesBackToTheQueueAndFitsTheNext() {
        // GIVEN one connection and a check of 2 s
        VerificationSuite suite = SuiteLoader.parse("""
                {"parallelism": 1, "amcheck": false, "schema": false,
                 "sql": [{"name": "two seconds", "query": "SELECT 1 FROM pg_sleep(2)", "expect": "1"}]}
                """, "two-second suite");
        VerificationRunner runner = runner("slow", suite, RANGE_BLOCKS);

        // WHEN the first invocation spent 3 s logging in before its slice, which ends 1.5 s from now
        VerificationProgress first = throughJson(runner.runSlice(null, request(), Instant.now().minusSeconds(3),
                Instant.now().plusMillis(1_500), Checkpoint.NONE));
        // THEN the check the slice's end cut short is not failed: it had only a third of the invocation
        assertThat(first.sql()).isEmpty();

        // WHEN the next invocation has a whole slice of 6 s (room for the login and the scans on a busy machine) THEN the
        // check passes there
        VerificationProgress done = inSlices(runner, first, Duration.ofSeconds(6));
        CheckResult check = runner.finish(done, request()).checks().stream().filter(c -> c.name().equals("two seconds"))
                .findFirst().orElseThrow();
        assertThat(check.status()).as("%s", check).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void aCheckTheSliceEndCutsRunsAgainInTheNextAndOneLongerThanAWholeSliceIsNamed() {
        // GIVEN one connection and two checks of 1.5 s each, and a third of 4 s
        VerificationSuite slow = SuiteLoader.parse("""
                {"parallelism": 1, "amcheck": false, "schema": false,
                 "sql": [{"name": "first", "query": "SELECT 1 FROM pg_sleep(1.5)", "expect": "1"},
                         {"name": "second", "query": "SELECT 1 FROM pg_sleep(1.5)", "expect": "1"},
                         {"name": "too long", "query": "SELECT 1 FROM pg_sleep(4)", "expect": "1"}]}
                """, "slow suite");
        VerificationRunner runner = runner("slow", slow, RANGE_BLOCKS);

        // WHEN the verification runs in slices of 2.5 s
        List<VerificationProgress> slices = new ArrayList<>();
        VerificationProgress current = null;
        do {
            current = throughJson(runner.runSlice(current, request(), Instant.now().plusMillis(2_500), Checkpoint.NONE));
            slices.add(current);
        } while (!current.finished() && slices.size() < 6);
        VerificationResult result = runner.finish(current, request());

        // THEN the first slice finished the first check, and the second, cut by the slice's end a second after it
        // started, went back to the queue rather than failing
        assertThat(slices.get(0).sql()).containsOnlyKeys(0);
        CheckResult second = result.checks().stream().filter(c -> c.name().equals("second")).findFirst().orElseThrow();
        assertThat(second.status()).isEqualTo(CheckStatus.PASSED);
        // AND the check longer than a whole slice ends in an error that says so, instead of looping for ever
        CheckResult tooLong = result.checks().stream().filter(c -> c.name().equals("too long")).findFirst().orElseThrow();
        assertThat(tooLong.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(tooLong.detail()).contains("runs longer than one invocation's slice of verification");
        assertThat(result.passed()).isFalse();
    }
}
