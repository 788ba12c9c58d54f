package io.restoredrill.aws.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.aws.testing.ReplicatedBackupsStandIn;
import io.restoredrill.aws.testing.RequestRecorder;
import io.restoredrill.aws.testing.TestClock;
import io.restoredrill.aws.workflow.LocalExecution.Execution;
import io.restoredrill.testing.MotoServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.rds.model.RestoreDbInstanceFromDbSnapshotRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbInstanceToPointInTimeRequest;

/**
 * The workflow tier for point-in-time drills (snapshotMode PITR): statemachine/restore-drill.asl.json run by
 * aws-local-stepfunctions, every Task served by its real handler as its deployed role, on moto, with the source's
 * automated backups replicated to the recovery region played by {@link ReplicatedBackupsStandIn} (moto has none);
 * Verify against the real PostgreSQL that stands in for the restored database, as in {@link DrillWorkflowTest}.
 */
class PointInTimeWorkflowTest {

    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    /** The snapshot in the recovery region whose data the emulator restores for the replicated backups. */
    static final String REPLICATED_DATA = "shop-prod-replicated-data";
    static final String SOURCE_ARN = "arn:aws:rds:" + WorkflowWorld.SOURCE_REGION + ":123456789012:db:" + WorkflowWorld.SOURCE;

    /** The drill's path with the source region down: from Plan straight to Restore. */
    static final List<String> PATH = DrillWorkflowTest.HAPPY_PATH.stream()
            .filter(state -> !state.contains("Snapshot") && !state.contains("Copy")).toList();

    @TempDir
    static Path workDir;
    static WorkflowTier tier;
    static Path drill;

    private final ReplicatedBackupsStandIn replicated = new ReplicatedBackupsStandIn();
    private final RequestRecorder recorder = new RequestRecorder();
    private final TestClock clock = new TestClock(Instant.now());
    WorkflowWorld world;

    @BeforeAll
    static void start() throws Exception {
        tier = WorkflowTier.start(workDir, WorkflowWorld::startShopStandIn);
        drill = Definitions.write(workDir, "restore-drill.json", Definitions.drillWithFunctionNames());
    }

    @AfterAll
    static void stop() {
        if (tier != null) {
            tier.close();
        }
    }

    @BeforeEach
    void world() {
        world = new WorkflowWorld(MOTO, tier.restoredStandIn, tier.ca.certificate(), clock, clock::advance, recorder, replicated);
        tier.lambda.serve(world.functions());
    }

    @AfterEach
    void close() {
        world.close();
    }

    /** The source's backups, replicated to the recovery region and restorable from a week ago until {@code latest}. */
    private String replicatedUntil(Instant latest) {
        world.aws.apply(WorkflowWorld.RECOVERY_REGION).copyDBSnapshot(r -> r.sourceDBSnapshotIdentifier("arn:aws:rds:"
                        + WorkflowWorld.SOURCE_REGION + ":123456789012:snapshot:" + WorkflowWorld.EARLIER_SNAPSHOT)
                .targetDBSnapshotIdentifier(REPLICATED_DATA).kmsKeyId(world.kmsKey).sourceRegion(WorkflowWorld.SOURCE_REGION));
        return replicated.replicating(SOURCE_ARN, WorkflowWorld.RECOVERY_REGION, latest.minus(Duration.ofDays(7)), latest,
                REPLICATED_DATA);
    }

    private Execution runDrill(String input) {
        return tier.local.run(drill, input, Map.of());
    }

    private List<String> inventoryBeforeAndTheReplicatedData() {
        List<String> expected = new ArrayList<>(DrillWorkflowTest.BEFORE);
        expected.add("snapshot " + WorkflowWorld.RECOVERY_REGION + " " + REPLICATED_DATA);
        return expected;
    }

    @Test
    void aRegionDownPointInTimeDrillRestoresTheLatestRestorableTimeAndReportsAnRpoOfMinutes() {
        // GIVEN the source's automated backups replicated to the recovery region, restorable until four minutes ago
        Instant latest = clock.instant().minus(Duration.ofMinutes(4));
        String backups = replicatedUntil(latest);

        // WHEN a point-in-time drill runs with the source region down and an RPO budget of one hour
        Execution execution = runDrill("{\"source\": \"shop-prod\", \"snapshotMode\": \"PITR\", \"sourceRegionDown\": true,"
                + " \"database\": \"shop\", \"budgets\": {\"rto\": \"1h\", \"rpo\": \"1h\", \"phases\": {\"verify\": \"10m\"}}}");

        // THEN it went from Plan straight to Restore and passed
        assertThat(execution.status()).as("%s", execution).isEqualTo("SUCCEEDED");
        assertThat(execution.path()).containsExactlyElementsOf(PATH);
        JsonNode report = world.report();
        assertThat(report.get("verdict").asText()).isEqualTo("PASSED");
        assertThat(DrillWorkflowTest.phases(report)).containsExactly("Restore:PASSED", "Credentials:PASSED", "Verify:PASSED",
                "Cleanup:PASSED");
        // AND RDS was asked to restore those backups to their latest restorable time, not a snapshot
        assertThat(recorder.sent(RestoreDbInstanceToPointInTimeRequest.class)).singleElement()
                .satisfies(r -> assertThat(r.sourceDBInstanceAutomatedBackupsArn()).isEqualTo(backups))
                .satisfies(r -> assertThat(r.useLatestRestorableTime()).isTrue());
        assertThat(recorder.sent(RestoreDbInstanceFromDbSnapshotRequest.class)).isEmpty();
        // AND the report's restore point is that latest restorable time, and its RPO is minutes, not a day
        assertThat(report.at("/restorePoint/kind").asText()).isEqualTo("LATEST_RESTORABLE");
        assertThat(Instant.parse(report.at("/restorePoint/restoredTo").asText())).isEqualTo(latest);
        assertThat(report.at("/restorePoint/obtainedBy").asText()).contains(backups);
        assertThat(report.get("rpoSeconds").asDouble()).isBetween(240.0, 300.0);
        // AND the metric the source's RPO alarm watches carries it
        assertThat(world.metrics).anyMatch(line -> line.matches("(?s).*\"SnapshotAgeSeconds\":2[4-9]\\d(\\.\\d+)?[,}].*"));
        // AND nothing of the drill is left; the replicated backups' data is untouched
        assertThat(world.inventory()).containsExactlyInAnyOrderElementsOf(inventoryBeforeAndTheReplicatedData());
    }

    @Test
    void aPointInTimeDrillWhoseLatestRestorableTimeIsOlderThanTheRpoBudgetFailsAsAStaleBackup() {
        // GIVEN replicated backups that stopped two days ago (replication broken, or the source stopped writing them)
        Instant latest = clock.instant().minus(Duration.ofDays(2));
        replicatedUntil(latest);

        // WHEN a point-in-time drill runs with an RPO budget of 26 hours
        Execution execution = runDrill("{\"source\": \"shop-prod\", \"snapshotMode\": \"PITR\", \"sourceRegionDown\": true,"
                + " \"database\": \"shop\", \"budgets\": {\"rto\": \"1h\", \"rpo\": \"26h\", \"phases\": {\"verify\": \"10m\"}}}");

        // THEN every step ran, the copy verified, and the drill failed as a stale backup of two days
        assertThat(execution.status()).as("%s", execution).isEqualTo("FAILED");
        assertThat(execution.path()).endsWith("Cleanup", "Publish", "Passed?", "DrillFailed");
        JsonNode report = world.report();
        assertThat(report.get("verdict").asText()).isEqualTo("FAILED");
        assertThat(report.get("failureReason").asText())
                .isEqualTo("Stale backup: the restored data is 2d 00h old, over the RPO budget of 1d 02h.");
        assertThat(report.at("/restorePoint/kind").asText()).isEqualTo("LATEST_RESTORABLE");
        assertThat(report.get("rpoSeconds").asDouble()).isBetween(2 * 86_400.0, 2 * 86_400.0 + 60);
        assertThat(world.inventory()).containsExactlyInAnyOrderElementsOf(inventoryBeforeAndTheReplicatedData());
    }

    @Test
    void aPointInTimeDrillToAGivenTimeReportsThatTargetTime() {
        // GIVEN replicated backups restorable until two minutes ago, and the source region up
        Instant target = clock.instant().minus(Duration.ofHours(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        replicatedUntil(clock.instant().minus(Duration.ofMinutes(2)));

        // WHEN a point-in-time drill to three hours ago runs
        Execution execution = runDrill("{\"source\": \"shop-prod\", \"snapshotMode\": \"PITR\", \"restoreTime\": \"" + target
                + "\", \"budgets\": {\"rto\": \"1h\", \"phases\": {\"verify\": \"10m\"}}}");

        // THEN it skipped Snapshot and Copy, passed, and reports the target time as its restore point
        assertThat(execution.status()).as("%s", execution).isEqualTo("SUCCEEDED");
        assertThat(execution.path()).containsExactlyElementsOf(PATH);
        assertThat(recorder.sent(RestoreDbInstanceToPointInTimeRequest.class)).singleElement()
                .satisfies(r -> assertThat(r.restoreTime()).isEqualTo(target));
        JsonNode report = world.report();
        assertThat(report.at("/restorePoint/kind").asText()).isEqualTo("TARGET_TIME");
        assertThat(Instant.parse(report.at("/restorePoint/targetTime").asText())).isEqualTo(target);
        assertThat(Instant.parse(report.at("/restorePoint/restoredTo").asText())).isEqualTo(target);
        assertThat(report.get("rpoSeconds").asDouble()).isBetween(3 * 3_600.0, 3 * 3_600.0 + 60);
        assertThat(world.inventory()).containsExactlyInAnyOrderElementsOf(inventoryBeforeAndTheReplicatedData());
    }
}
