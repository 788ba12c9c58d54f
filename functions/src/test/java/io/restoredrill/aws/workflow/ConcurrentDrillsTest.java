package io.restoredrill.aws.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.aws.Events;
import io.restoredrill.aws.drill.DrillNames;
import io.restoredrill.aws.testing.TestCa;
import io.restoredrill.aws.workflow.ExecutionScope.Invocation;
import io.restoredrill.aws.workflow.ExecutionScope.Sent;
import io.restoredrill.aws.workflow.LocalExecution.Execution;
import io.restoredrill.aws.evidence.EvidenceChain;
import io.restoredrill.aws.workflow.ReportChain.Interval;
import io.restoredrill.aws.workflow.ReportChain.Stored;
import io.restoredrill.core.error.CopyFailedException;
import io.restoredrill.core.error.RestoreFailedException;
import io.restoredrill.core.error.SnapshotFailedException;
import io.restoredrill.core.error.ThrottledException;
import io.restoredrill.core.error.UnsafeTargetException;
import io.restoredrill.core.error.VerificationFailedException;
import io.restoredrill.core.json.Json;
import io.restoredrill.testing.MotoServer;
import io.restoredrill.testing.PostgresFixture;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * Soak of the AWS engine's workflow: 20 executions of statemachine/restore-drill.asl.json at once
 * (20 Node processes running aws-local-stepfunctions), their Tasks served concurrently by one set
 * of the real Java handlers, on one moto, verifying over verify-full TLS against one real
 * PostgreSQL. Five sources (one an Aurora cluster), up to seven drills of one source at the same moment (a scheduled and a
 * manual run colliding, drill ids minted in the same second, a region-down rehearsal beside them), nine drills failing at eight
 * different Tasks so that their Cleanups run while the other drills still hold live resources.
 *
 * <p>Each execution invokes functions of its own name ({@code e07-Plan}), so every invocation and
 * every SDK request is known to belong to one execution without trusting the payload; each
 * execution has its own clock (its Waits move only its own time).
 *
 * <p>Test-only stand-ins, as in {@link DrillWorkflowTest}: moto pretends to run the restored
 * instances; one local PostgreSQL stands in for all of them. Since 20 restored copies would each
 * have their own master user, the stand-in gives each drill a login of its own (CheckRestore's
 * answer names {@code verifier-<drillId>} as the master user), and amcheck is installed up front
 * (20 copies would not race to create it in one database).
 */
class ConcurrentDrillsTest {

    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    static final int EXECUTIONS = 20;
    static final long TIMEOUT_SECONDS = 300;
    static final String EARLIER_SNAPSHOT_ARN = "arn:aws:rds:eu-central-1:123456789012:snapshot:" + WorkflowWorld.EARLIER_SNAPSHOT;

    /** The sources (eu-central-1) with their database, and the tables the stand-in holds for it. */
    static final Map<String, String> DATABASES = Map.of("shop-prod", "shop", "billing-db", "billing", "crm-db", "crm",
            "ledger-db", "ledger", "payments", "payments");
    static final Map<String, List<String>> TABLES = Map.of("shop", List.of("customers", "orders"),
            "billing", List.of("invoices"), "crm", List.of("accounts", "contacts"), "ledger", List.of("entries"),
            "payments", List.of("payments", "refunds"));
    /** The one Aurora PostgreSQL cluster among the sources. */
    static final String AURORA = "payments";

    /**
     * One execution: its source, how it starts, and where it fails.
     *
     * @param failsAt the Task whose invocation fails after its work ({@code null}: the drill passes)
     */
    record Drill(String source, String input, String failsAt, boolean copyThrottledOnce) {
        String phase() {
            return failsAt.replace("Check", "");
        }

        boolean regionDown() {
            return read(input).path("sourceRegionDown").asBoolean();
        }

        /** The snapshot ARN of an EXISTING drill, else {@code null}. */
        String givenSnapshot() {
            return read(input).path("snapshotArn").asText(null);
        }
    }

    /**
     * The region-down rehearsal of shop-prod restores only once {@link #HOLDS_COPY}, a scheduled drill of
     * shop-prod, holds its copy in the recovery region (which is newer than any backup copy there), and
     * that drill restores only after the rehearsal has: the rehearsal always runs beside a live copy of
     * its source that is not its own.
     */
    static final int HOLDS_COPY = 0;
    static final int REHEARSAL = 6;
    static final String BACKUP_COPY = "shop-prod-backup-copy";
    static final String BACKUP_COPY_ARN = "arn:aws:rds:eu-west-1:123456789012:snapshot:" + BACKUP_COPY;

    @TempDir
    static Path workDir;
    static WorkflowTier tier;

    @BeforeAll
    static void start() throws Exception {
        tier = WorkflowTier.start(workDir, ConcurrentDrillsTest::standIn);
    }

    /** The restored databases of every source the drills drill, in one PostgreSQL. */
    private static PostgresFixture standIn(TestCa ca) {
        PostgresFixture standIn = PostgresFixture.start(ca.issue("localhost"));
        standIn.createDatabase("shop");
        standIn.execute("shop", """
                CREATE EXTENSION amcheck;
                CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
                INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 250) g;
                CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int NOT NULL REFERENCES customers, total numeric(10, 2));
                INSERT INTO orders SELECT g, 1 + g % 250, g * 1.25 FROM generate_series(1, 1200) g;
                """);
        standIn.createDatabase("billing");
        standIn.execute("billing", """
                CREATE EXTENSION amcheck;
                CREATE TABLE invoices (id bigint PRIMARY KEY, amount numeric(12, 2) NOT NULL);
                INSERT INTO invoices SELECT g, g * 9.99 FROM generate_series(1, 700) g;
                """);
        standIn.createDatabase("crm");
        standIn.execute("crm", """
                CREATE EXTENSION amcheck;
                CREATE TABLE accounts (id int PRIMARY KEY, name text NOT NULL);
                INSERT INTO accounts SELECT g, 'account ' || g FROM generate_series(1, 40) g;
                CREATE TABLE contacts (id int PRIMARY KEY, account_id int REFERENCES accounts, email text);
                INSERT INTO contacts SELECT g, 1 + g % 40, 'c' || g || '@example.com' FROM generate_series(1, 333) g;
                """);
        standIn.createDatabase("ledger");
        standIn.execute("ledger", """
                CREATE EXTENSION amcheck;
                CREATE TABLE entries (id bigint PRIMARY KEY, account text NOT NULL, cents bigint NOT NULL);
                INSERT INTO entries SELECT g, 'acct-' || (g % 17), g * 3 FROM generate_series(1, 2024) g;
                """);
        standIn.createDatabase("payments");
        standIn.execute("payments", """
                CREATE EXTENSION amcheck;
                CREATE TABLE payments (id bigint PRIMARY KEY, cents bigint NOT NULL);
                INSERT INTO payments SELECT g, g * 100 FROM generate_series(1, 512) g;
                CREATE TABLE refunds (id bigint PRIMARY KEY, payment_id bigint REFERENCES payments, cents bigint);
                INSERT INTO refunds SELECT g, g * 7, g FROM generate_series(1, 73) g;
                """);
        return standIn;
    }

    @AfterAll
    static void stop() {
        if (tier != null) {
            tier.close();
        }
    }

    /** The 20 drills: several at once per source, nine failing at eight different Tasks, one retried after throttling. */
    static List<Drill> drills() {
        String manual = Events.read("manual-start.json");
        String scheduled = read(Events.read("schedule.json")).get("defaults").toString();
        return List.of(
                new Drill("shop-prod", manual, null, false),
                new Drill("shop-prod", fromSchedule(scheduled, "shop-prod"), null, false),
                new Drill("shop-prod", manual, null, true),
                new Drill("shop-prod", Events.with(Events.with(manual, "snapshotMode", "EXISTING"), "snapshotArn",
                        EARLIER_SNAPSHOT_ARN), null, false),
                new Drill("shop-prod", manual, "Verify", false),
                new Drill("shop-prod", fromSchedule(scheduled, "shop-prod"), "CheckRestore", false),
                // with the source region down Plan cannot ask the source for its database: the input names it
                new Drill("shop-prod", Events.with(Events.with(manual, "sourceRegionDown", true), "database", "shop"), null, false),
                new Drill("billing-db", fromSchedule(scheduled, "billing-db"), null, false),
                new Drill("billing-db", Events.with(manual, "source", "billing-db"), "Snapshot", false),
                new Drill("billing-db", fromSchedule(scheduled, "billing-db"), "Credentials", false),
                new Drill("billing-db", Events.with(manual, "source", "billing-db"), null, false),
                new Drill("crm-db", fromSchedule(scheduled, "crm-db"), null, false),
                new Drill("crm-db", Events.with(manual, "source", "crm-db"), "Copy", false),
                new Drill("crm-db", fromSchedule(scheduled, "crm-db"), "CheckCopy", false),
                new Drill("ledger-db", fromSchedule(scheduled, "ledger-db"), null, false),
                new Drill("ledger-db", Events.with(manual, "source", "ledger-db"), "Restore", false),
                new Drill("ledger-db", fromSchedule(scheduled, "ledger-db"), "CheckSnapshot", false),
                new Drill("payments", fromSchedule(scheduled, "payments"), null, false),
                new Drill("payments", Events.with(manual, "source", "payments"), "Restore", false),
                new Drill("payments", Events.with(manual, "source", "payments"), null, false));
    }

    /** What the fleet state machine hands one drill: the schedule's defaults with the source. */
    private static String fromSchedule(String defaults, String source) {
        return Events.with(defaults, "source", source);
    }

    @Test
    void twentyConcurrentDrillsEachCleanUpOnlyTheirOwnAndLeaveNothingBehind(TestReporter reporter) throws Exception {
        List<Drill> drills = drills();
        assertThat(drills).hasSize(EXECUTIONS);
        assertThat(drills.get(REHEARSAL).regionDown()).isTrue();
        ExecutionScope scope = new ExecutionScope(EXECUTIONS, Instant.now());
        try (WorkflowWorld world = new WorkflowWorld(MOTO, tier.restoredStandIn, tier.ca.certificate(), scope.clock(), scope::advance,
                scope.recorder())) {
            // GIVEN five PostgreSQL sources (four instances, one Aurora cluster), and things no drill may touch
            sourcesAndForeignResources(world);
            List<String> before = world.inventory();
            Map<String, Map<String, String>> foreignTagsBefore = foreignTags(world);
            // AND each execution's own functions: the same handler objects for all, each failure injected into one execution
            tier.lambda.serve(functionsOfEachExecution(drills, standInLogins(world.functions()), scope));
            List<Path> definitions = IntStream.range(0, EXECUTIONS).mapToObj(ConcurrentDrillsTest::definition).toList();
            int sentBefore = scope.sent().size();

            // WHEN the 20 executions start at the same moment
            long started = System.nanoTime();
            List<Execution> executions = runAtOnce(drills, definitions);
            double seconds = (System.nanoTime() - started) / 1e9;
            List<Sent> sent = scope.sent().subList(sentBefore, scope.sent().size());
            note(reporter, "wall time of 20 concurrent executions (s)", String.format("%.1f", seconds));

            // THEN each ended as its own drill should: passed, or failed at its own Task, caught, cleaned up and published
            for (int i = 0; i < EXECUTIONS; i++) {
                assertEndedAsItShould(drills.get(i), i, executions.get(i));
            }
            assertThat(executions.get(2).eventsOf("StateRetried", "Copy")).as("the throttled Copy").hasSize(1);

            // AND every invocation of an execution carried one drill id, its own: 20 drills, 20 ids
            List<Invocation> invocations = scope.invocations();
            Map<Integer, String> drillIds = drillIds(invocations);
            assertThat(drillIds).hasSize(EXECUTIONS);
            assertThat(Set.copyOf(drillIds.values())).hasSize(EXECUTIONS);
            note(reporter, "drill ids", drillIds.toString());

            // AND they really ran side by side: many invocations at once, Cleanups while other drills held live resources
            int mostAtOnce = mostAtOnce(invocations);
            Map<Integer, Long> cleanupsBesideLiveDrills = cleanupsBesideLiveDrills(invocations);
            note(reporter, "most invocations at once", Integer.toString(mostAtOnce));
            note(reporter, "other drills live during each execution's Cleanup", cleanupsBesideLiveDrills.toString());
            assertThat(mostAtOnce).isGreaterThanOrEqualTo(5);
            assertThat(IntStream.range(0, EXECUTIONS).filter(i -> drills.get(i).failsAt() != null)
                    .mapToLong(cleanupsBesideLiveDrills::get))
                    .as("Cleanups of failed drills, each with the number of other drills live while it ran").anyMatch(n -> n > 0);

            // AND each drill has its own report (its source, verdict and reason, snapshot and copy, tables) and metrics
            Map<String, Stored> reports = ReportChain.load(world.aws.s3().apply(WorkflowWorld.RECOVERY_REGION),
                    WorkflowWorld.BUCKET);
            assertThat(reports.keySet()).containsExactlyInAnyOrderElementsOf(drillIds.values());
            for (int i = 0; i < EXECUTIONS; i++) {
                assertOwnReport(drills.get(i), i, drillIds.get(i), reports.get(drillIds.get(i)).json());
            }
            assertThat(world.metrics.stream().filter(line -> line.contains("\"DrillPassed\"")).map(ConcurrentDrillsTest::read)
                    .collect(Collectors.toMap(doc -> doc.get("drillId").asText(), doc -> doc.get("DrillPassed").asInt())))
                    .isEqualTo(IntStream.range(0, EXECUTIONS).boxed().collect(Collectors.toMap(drillIds::get,
                            i -> drills.get(i).failsAt() == null ? 1 : 0)));

            // AND no cross-talk: every request an execution sent concerns its own drill's resources, secret and evidence
            assertThat(sent).as("requests sent outside any invocation while the drills ran").noneMatch(s -> s.execution() < 0);
            for (int i = 0; i < EXECUTIONS; i++) {
                int execution = i;
                CrossTalk own = crossTalk(drills.get(i), drillIds.get(i), world.topicArn);
                assertThat(sent.stream().filter(s -> s.execution() == execution).flatMap(s -> own.problems(s.request()).stream()))
                        .as("requests of execution %d (drill %s) not about its own drill", i, drillIds.get(i)).isEmpty();
            }

            // AND the reports of each source make one line whose every link holds, in the order their Publishes ran
            Map<String, Interval> publishes = publishTimes(invocations, drillIds);
            for (String name : DATABASES.keySet()) {
                List<Stored> ofSource = reports.values().stream().filter(r -> r.source().equals(name)).toList();
                EvidenceChain.Verification chain = EvidenceChain.verify(name, EvidenceChain.load(
                        world.aws.s3().apply(WorkflowWorld.RECOVERY_REGION), WorkflowWorld.BUCKET, name));
                assertThat(chain.problems()).as("chain of %s", name).isEmpty();
                assertThat(chain.line()).as("every report of %s on the line", name)
                        .containsExactlyInAnyOrderElementsOf(ofSource.stream().map(Stored::key).toList());
                assertThat(ReportChain.outOfPublishOrder(chain.line(), ofSource, publishes)).as("order of %s", name).isEmpty();
                note(reporter, "chain of " + name, ofSource.size() + " reports in one line");
            }

            // AND nothing drill-owned is left in either region; the sources and everything foreign are as they were
            assertThat(world.inventory()).containsExactlyInAnyOrderElementsOf(before);
            assertThat(foreignTags(world)).isEqualTo(foreignTagsBefore);
            assertThat(world.aws.apply(WorkflowWorld.SOURCE_REGION).describeDBSnapshots(r -> r
                    .dbSnapshotIdentifier(WorkflowWorld.EARLIER_SNAPSHOT)).dbSnapshots().get(0).status()).isEqualTo("available");
        }
    }

    /**
     * The sources besides WorkflowWorld's shop-prod, and what no drill may touch: the snapshots taken
     * before (shop-prod's in WorkflowWorld, one of the cluster), a backup's copy in the recovery
     * region, an instance there, and an instance of an earlier drill that was kept.
     */
    private static void sourcesAndForeignResources(WorkflowWorld world) {
        RdsClient source = world.aws.apply(WorkflowWorld.SOURCE_REGION);
        for (String name : List.of("billing-db", "crm-db", "ledger-db")) {
            source.createDBInstance(r -> r.dbInstanceIdentifier(name).engine("postgres").engineVersion(PostgresFixture.engineVersion())
                    .dbInstanceClass("db.t4g.medium").dbName(DATABASES.get(name)).masterUsername("postgres")
                    .masterUserPassword("not-used-1").allocatedStorage(20));
        }
        source.createDBCluster(r -> r.dbClusterIdentifier(AURORA).engine("aurora-postgresql").engineVersion(PostgresFixture.engineVersion())
                .masterUsername("payments_admin").masterUserPassword("not-used-1").databaseName(DATABASES.get(AURORA)));
        source.createDBClusterSnapshot(r -> r.dbClusterIdentifier(AURORA).dbClusterSnapshotIdentifier("payments-manual"));
        RdsClient recovery = world.aws.apply(WorkflowWorld.RECOVERY_REGION);
        recovery.copyDBSnapshot(r -> r.sourceDBSnapshotIdentifier(EARLIER_SNAPSHOT_ARN)
                .targetDBSnapshotIdentifier(BACKUP_COPY).kmsKeyId(world.kmsKey).sourceRegion("eu-central-1"));
        recovery.createDBInstance(r -> r.dbInstanceIdentifier("reporting-replica").engine("postgres")
                .dbInstanceClass("db.t4g.medium").masterUsername("postgres").masterUserPassword("not-used-2")
                .allocatedStorage(20).tags(tag("team", "reporting")));
        recovery.createDBInstance(r -> r.dbInstanceIdentifier("drill-shop-prod-20260101-040000-0a0b0c")
                .engine("postgres").dbInstanceClass("db.t4g.medium").masterUsername("postgres")
                .masterUserPassword("not-used-3").allocatedStorage(20).tags(tag("restore-drill:managed", "true"),
                        tag("restore-drill:id", "20260101-040000-0a0b0c"), tag("restore-drill:source", "shop-prod")));
    }

    /**
     * Every execution's functions ({@code e07-Plan}, ...): the shared handlers, with this execution's
     * injected failure, its throttled first Copy, and the rehearsal's gates (see {@link #HOLDS_COPY}).
     */
    private static Map<String, RequestStreamHandler> functionsOfEachExecution(List<Drill> drills,
                                                                             Map<String, RequestStreamHandler> shared,
                                                                             ExecutionScope scope) {
        Map<String, RequestStreamHandler> functions = new HashMap<>();
        CountDownLatch copyHeld = new CountDownLatch(1);
        CountDownLatch rehearsed = new CountDownLatch(1);
        for (int i = 0; i < EXECUTIONS; i++) {
            Drill drill = drills.get(i);
            for (String task : Definitions.TASKS) {
                RequestStreamHandler handler = shared.get(task);
                if (task.equals(drill.failsAt())) {
                    RuntimeException failure = failureOf(task, i);
                    handler = Faults.afterItsWork(handler, () -> failure);
                } else if (task.equals("Copy") && drill.copyThrottledOnce()) {
                    handler = Faults.firstCallFails(handler, new ThrottledException(
                            "Rate exceeded for CopyDBSnapshot; the step is retried.", null));
                }
                if (i == HOLDS_COPY && task.equals("CheckCopy")) {
                    handler = then(handler, copyHeld);
                } else if (i == HOLDS_COPY && task.equals("Restore")) {
                    handler = after(rehearsed, handler);
                } else if (i == REHEARSAL && task.equals("Restore")) {
                    handler = then(after(copyHeld, handler), rehearsed);
                }
                functions.put(function(i, task), scope.serving(i, task, handler));
            }
        }
        return functions;
    }

    private static void assertEndedAsItShould(Drill drill, int i, Execution execution) {
        if (drill.failsAt() == null) {
            assertThat(execution.status()).as("execution %d: %s", i, execution).isEqualTo("SUCCEEDED");
            assertThat(execution.path()).as("execution %d", i).containsExactlyElementsOf(drill.regionDown()
                    ? DrillWorkflowTest.HAPPY_PATH.stream().filter(s -> !s.contains("Snapshot") && !s.contains("Copy")).toList()
                    : DrillWorkflowTest.HAPPY_PATH);
            assertThat(execution.output().at("/progress/report/verdict").asText()).isEqualTo("PASSED");
        } else {
            assertThat(execution.status()).as("execution %d: %s", i, execution).isEqualTo("FAILED");
            assertThat(execution.eventsOf("StateCaught", drill.failsAt())).as("execution %d", i).hasSize(1);
            assertThat(execution.path()).as("execution %d", i)
                    .endsWith(drill.failsAt(), "Cleanup", "Publish", "Passed?", "DrillFailed");
            assertThat(execution.cause()).as("execution %d", i).isEqualTo(reason(drill, i));
        }
    }

    /** What the drill may touch: its own resources, and read its source and the snapshot it restores from. */
    private static CrossTalk crossTalk(Drill drill, String drillId, String topicArn) {
        Set<String> readable = drill.givenSnapshot() != null
                ? Set.of(drill.source(), EARLIER_SNAPSHOT_ARN, WorkflowWorld.EARLIER_SNAPSHOT)
                : drill.regionDown() ? Set.of(drill.source(), BACKUP_COPY, BACKUP_COPY_ARN) : Set.of(drill.source());
        return new CrossTalk(drillId, drill.source(), DrillNames.of(drill.source(), drillId), readable, topicArn);
    }

    /** What the soak measured and saw, for people: in the test report and the test's output file. */
    private static void note(TestReporter reporter, String key, String value) {
        reporter.publishEntry(key, value);
        System.out.println("ConcurrentDrillsTest: " + key + ": " + value);
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    /** The tags of the sources and of everything foreign, by ARN. */
    private static Map<String, Map<String, String>> foreignTags(WorkflowWorld world) {
        Map<String, Map<String, String>> tags = new TreeMap<>();
        for (String region : List.of(WorkflowWorld.SOURCE_REGION, WorkflowWorld.RECOVERY_REGION)) {
            RdsClient rds = world.aws.apply(region);
            List<String> arns = new ArrayList<>();
            rds.describeDBInstances().dbInstances().forEach(i -> arns.add(i.dbInstanceArn()));
            rds.describeDBSnapshots(r -> r.snapshotType("manual")).dbSnapshots().forEach(s -> arns.add(s.dbSnapshotArn()));
            rds.describeDBClusters().dbClusters().forEach(c -> arns.add(c.dbClusterArn()));
            rds.describeDBClusterSnapshots(r -> r.snapshotType("manual")).dbClusterSnapshots()
                    .forEach(s -> arns.add(s.dbClusterSnapshotArn()));
            for (String arn : arns) {
                tags.put(arn, rds.listTagsForResource(r -> r.resourceName(arn)).tagList().stream()
                        .collect(Collectors.toMap(Tag::key, Tag::value)));
            }
        }
        return tags;
    }

    /**
     * Test-only, see the class comment: CheckRestore's answer names a master user of the drill's own,
     * which Credentials' stand-in step (in WorkflowWorld) then gives the drill's password.
     */
    private static Map<String, RequestStreamHandler> standInLogins(Map<String, RequestStreamHandler> functions) {
        Map<String, RequestStreamHandler> wrapped = new LinkedHashMap<>(functions);
        RequestStreamHandler checkRestore = functions.get("CheckRestore");
        wrapped.put("CheckRestore", (input, output, context) -> {
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            checkRestore.handleRequest(input, answer, context);
            ObjectNode state = (ObjectNode) Json.mapper().readTree(answer.toByteArray());
            if (state.at("/progress/endpoint").isObject()) {
                ((ObjectNode) state.at("/progress/endpoint")).put("username", login(state.get("drillId").asText()));
            }
            output.write(Json.mapper().writeValueAsBytes(state));
        });
        RequestStreamHandler credentials = functions.get("Credentials");
        wrapped.put("Credentials", (input, output, context) -> {
            byte[] event = input.readAllBytes();
            String login = read(new String(event, StandardCharsets.UTF_8)).at("/progress/endpoint/username").asText();
            tier.restoredStandIn.execute("postgres", "DO $$ BEGIN CREATE ROLE \"" + login + "\" LOGIN SUPERUSER;"
                    + " EXCEPTION WHEN duplicate_object THEN NULL; END $$");
            credentials.handleRequest(new java.io.ByteArrayInputStream(event), output, context);
        });
        return wrapped;
    }

    private static String login(String drillId) {
        return "verifier-" + drillId;
    }

    private static String function(int execution, String task) {
        return String.format("e%02d-%s", execution, task);
    }

    /** The drill definition with this execution's own function names. */
    private static Path definition(int execution) {
        Map<String, String> names = new LinkedHashMap<>();
        Definitions.TASKS.forEach(task -> names.put(task + "FunctionArn", function(execution, task)));
        return Definitions.write(workDir, "restore-drill-" + execution + ".json",
                Definitions.substituted(Definitions.read(Definitions.DRILL), names));
    }

    /** Starts every execution (a Node process each) at the same moment and waits for all. */
    private static List<Execution> runAtOnce(List<Drill> drills, List<Path> definitions) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(EXECUTIONS);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Execution>> running = new ArrayList<>();
            for (int i = 0; i < EXECUTIONS; i++) {
                int execution = i;
                running.add(threads.submit(() -> {
                    go.await();
                    return tier.local.run(definitions.get(execution), drills.get(execution).input(), Map.of());
                }));
            }
            go.countDown();
            List<Execution> done = new ArrayList<>();
            for (Future<Execution> execution : running) {
                done.add(execution.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            }
            return done;
        } finally {
            threads.shutdownNow();
        }
    }

    private static RuntimeException failureOf(String task, int execution) {
        String message = "Injected by the soak test: " + task + " of execution " + execution + " failed after doing its work.";
        Map<String, Function<String, RuntimeException>> failures = Map.of(
                "Snapshot", SnapshotFailedException::new,
                "CheckSnapshot", SnapshotFailedException::new,
                "Copy", CopyFailedException::new,
                "CheckCopy", CopyFailedException::new,
                "Restore", RestoreFailedException::new,
                "CheckRestore", RestoreFailedException::new,
                "Credentials", UnsafeTargetException::new,
                "Verify", VerificationFailedException::new);
        return failures.get(task).apply(message);
    }

    private static String reason(Drill drill, int execution) {
        RuntimeException failure = failureOf(drill.failsAt(), execution);
        return drill.phase() + " failed with " + failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    /** Each execution's drill id: the one id every invocation's event and result carried (Plan's event has none). */
    private static Map<Integer, String> drillIds(List<Invocation> invocations) {
        Map<Integer, Set<String>> seen = new TreeMap<>();
        for (Invocation invocation : invocations) {
            Set<String> ids = seen.computeIfAbsent(invocation.execution(), k -> new java.util.TreeSet<>());
            if (invocation.drillIdIn() != null) {
                ids.add(invocation.drillIdIn());
            }
            if (invocation.drillIdOut() != null) {
                ids.add(invocation.drillIdOut());
            }
            if (!invocation.function().equals("Plan")) {
                assertThat(invocation.drillIdIn()).as("the event of %s in execution %d", invocation.function(),
                        invocation.execution()).isNotNull();
            }
        }
        Map<Integer, String> ids = new TreeMap<>();
        seen.forEach((execution, found) -> {
            assertThat(found).as("drill ids in the invocations of execution %d", execution).hasSize(1);
            ids.put(execution, found.iterator().next());
        });
        return ids;
    }

    /** The handler, then the latch opened (whether the handler threw or not). */
    private static RequestStreamHandler then(RequestStreamHandler handler, CountDownLatch opened) {
        return (input, output, context) -> {
            try {
                handler.handleRequest(input, output, context);
            } finally {
                opened.countDown();
            }
        };
    }

    /** The handler, once the latch is open. */
    private static RequestStreamHandler after(CountDownLatch open, RequestStreamHandler handler) {
        return (input, output, context) -> {
            try {
                if (!open.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test's gate before this invocation never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            handler.handleRequest(input, output, context);
        };
    }

    /** The greatest number of invocations in flight at one moment. */
    private static int mostAtOnce(List<Invocation> invocations) {
        TreeMap<Long, Integer> changes = new TreeMap<>();
        invocations.forEach(i -> {
            changes.merge(i.startNanos(), 1, Integer::sum);
            changes.merge(i.endNanos(), -1, Integer::sum);
        });
        int now = 0;
        int most = 0;
        for (int change : changes.values()) {
            now += change;
            most = Math.max(most, now);
        }
        return most;
    }

    /**
     * For each execution, how many other drills were live (from their Snapshot's start to their
     * Cleanup's end) while its Cleanup ran.
     */
    private static Map<Integer, Long> cleanupsBesideLiveDrills(List<Invocation> invocations) {
        Map<Integer, Interval> live = new TreeMap<>();
        Map<Integer, Interval> cleanups = new TreeMap<>();
        for (Invocation invocation : invocations) {
            Interval span = new Interval(invocation.startNanos(), invocation.endNanos());
            if (invocation.function().equals("Snapshot")) {
                live.merge(invocation.execution(), span, (a, b) -> new Interval(Math.min(a.start(), b.start()), a.end()));
            } else if (invocation.function().equals("Cleanup")) {
                cleanups.put(invocation.execution(), span);
            }
        }
        live.replaceAll((execution, span) -> new Interval(span.start(), cleanups.get(execution).end()));
        Map<Integer, Long> beside = new TreeMap<>();
        cleanups.forEach((execution, cleanup) -> beside.put(execution, live.entrySet().stream()
                .filter(other -> other.getKey() != execution.intValue())
                .filter(other -> other.getValue().start() < cleanup.end() && cleanup.start() < other.getValue().end())
                .count()));
        return beside;
    }

    /** When each drill's Publish ran: from its first invocation's start to its last one's end. */
    private static Map<String, Interval> publishTimes(List<Invocation> invocations, Map<Integer, String> drillIds) {
        Map<String, Interval> times = new HashMap<>();
        for (Invocation invocation : invocations) {
            if (invocation.function().equals("Publish")) {
                times.merge(drillIds.get(invocation.execution()), new Interval(invocation.startNanos(), invocation.endNanos()),
                        (a, b) -> new Interval(Math.min(a.start(), b.start()), Math.max(a.end(), b.end())));
            }
        }
        return times;
    }

    private static void assertOwnReport(Drill drill, int execution, String drillId, JsonNode report) {
        DrillNames names = DrillNames.of(drill.source(), drillId);
        String as = "report of execution " + execution + " (drill " + drillId + ")";
        assertThat(report.get("drillId").asText()).as(as).isEqualTo(drillId);
        assertThat(report.at("/source/name").asText()).as(as).isEqualTo(drill.source());
        if (drill.failsAt() == null) {
            assertThat(report.get("verdict").asText()).as(as).isEqualTo("PASSED");
            List<String> tables = StreamSupport.stream(report.at("/verification/inventory/tables").spliterator(), false)
                    .map(t -> t.get("table").asText()).sorted().toList();
            assertThat(tables).as(as).isEqualTo(TABLES.get(DATABASES.get(drill.source())));
        } else {
            assertThat(report.get("verdict").asText()).as(as).isEqualTo("FAILED");
            assertThat(report.get("failureReason").asText()).as(as).isEqualTo(reason(drill, execution));
        }
        String type = drill.source().equals(AURORA) ? ":cluster-snapshot:" : ":snapshot:";
        String snapshotArn = drill.regionDown() ? BACKUP_COPY_ARN : drill.givenSnapshot() != null ? drill.givenSnapshot()
                : "arn:aws:rds:eu-central-1:123456789012" + type + names.snapshot();
        String copyArn = drill.regionDown() ? BACKUP_COPY_ARN : "arn:aws:rds:eu-west-1:123456789012" + type + names.copy();
        JsonNode snapshot = report.get("snapshot");
        if (drill.failsAt() == null) {
            assertThat(snapshot.get("id").asText()).as(as).isEqualTo(snapshotArn);
            assertThat(snapshot.get("recoveryLocation").asText()).as(as).isEqualTo(copyArn);
        } else if (snapshot != null && !snapshot.isNull()) {
            // a failed drill's state knows what the steps before the failure created, and nothing else
            assertThat(snapshot.get("id").asText()).as(as).isEqualTo(snapshotArn);
            assertThat(snapshot.get("recoveryLocation").asText(null)).as(as).isIn(copyArn, null);
        }
        // Cleanup names what it deleted: only this drill's resources
        String cleanup = StreamSupport.stream(report.get("phases").spliterator(), false)
                .filter(p -> p.get("phase").asText().equals("Cleanup")).findFirst().orElseThrow().get("detail").asText();
        assertThat(cleanup).as(as).startsWith("Deleted ");
        List<String> deleted = List.of(cleanup.substring("Deleted ".length(), cleanup.length() - 1).split(", "));
        Set<String> own = new java.util.HashSet<>(List.of(names.restored(), names.writer(), names.snapshot(), names.copy(),
                names.secret()));
        assertThat(deleted).as(as).allSatisfy(item -> assertThat(item.substring(item.lastIndexOf(' ') + 1)).isIn(own));
    }

    private static JsonNode read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
