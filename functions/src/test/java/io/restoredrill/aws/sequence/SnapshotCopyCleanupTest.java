package io.restoredrill.aws.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restoredrill.aws.Events;
import io.restoredrill.aws.cleanup.CleanupStep;
import io.restoredrill.aws.copy.CopyStep;
import io.restoredrill.aws.plan.DrillDefaults;
import io.restoredrill.aws.state.CleanupResult;
import io.restoredrill.aws.state.DrillState;
import io.restoredrill.aws.drill.DrillTags;
import io.restoredrill.aws.plan.InputParser;
import io.restoredrill.aws.plan.PlanStep;
import io.restoredrill.aws.rds.RdsTags;
import io.restoredrill.aws.snapshot.SnapshotStep;
import io.restoredrill.aws.testing.DeployedFunctions;
import io.restoredrill.aws.testing.DeployedRoles.Deployment;
import io.restoredrill.aws.testing.MotoRds;
import io.restoredrill.aws.testing.RequestRecorder;
import io.restoredrill.core.error.CopyFailedException;
import io.restoredrill.core.error.UnsafeTargetException;
import io.restoredrill.testing.MotoServer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.CopyDbSnapshotRequest;
import software.amazon.awssdk.services.rds.model.DBSnapshot;

/**
 * Plan → Snapshot → Copy → Cleanup for an RDS instance, cross-region, on the moto emulator.
 * (moto makes snapshots "available" at once, so the polling Check steps are not exercised here.)
 */
class SnapshotCopyCleanupTest {

    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T04:00:00Z"), ZoneOffset.UTC);
    private static final String SOURCE = "eu-central-1";
    private static final String RECOVERY = "eu-west-1";

    private final RequestRecorder recorder = new RequestRecorder();
    private final MotoRds rds = new MotoRds(MOTO, recorder);
    private final InputParser parser = new InputParser(DrillDefaults.fromEnvironment(Map.of()), CLOCK);
    private String keyArn = "arn:aws:kms:eu-west-1:123456789012:key/none-yet";
    /** Each step runs as its function's deployed role. */
    private final DeployedFunctions deployed = new DeployedFunctions(MOTO, rds, () -> Deployment.of(SOURCE, RECOVERY, keyArn));

    @AfterEach
    void close() {
        try {
            deployed.close();
        } finally {
            rds.close();
        }
    }

    /** The sample input, with the recovery region's KMS key created on the emulator. */
    private DrillState planned() {
        return planned("snapshotMode", "NEW");
    }

    /** @param field a top-level field of the sample input to set, e.g. {@code retainSnapshots} */
    private DrillState planned(String field, Object value) {
        rds.createPostgresInstance(SOURCE, "shop-prod");
        keyArn = rds.createKmsKey(RECOVERY);
        String input = Events.read("plan.json")
                .replace("arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555", keyArn);
        return new PlanStep(deployed.as("Plan"), CLOCK).plan(parser.parse(Events.with(input, field, value)));
    }

    private static DBSnapshot snapshot(RdsClient client, String name) {
        return client.describeDBSnapshots(r -> r.dbSnapshotIdentifier(name)).dbSnapshots().get(0);
    }

    @Test
    void aDrillsSnapshotAndItsCopyAreTaggedAndCleanupRemovesThemButNothingElse() {
        // GIVEN a planned drill, and a manual snapshot of the source that no drill made
        DrillState state = planned();
        rds.apply(SOURCE).createDBSnapshot(r -> r.dbSnapshotIdentifier("nightly-manual").dbInstanceIdentifier("shop-prod"));

        // WHEN Snapshot and Copy run
        DrillState snapshotted = new SnapshotStep(deployed.as("Snapshot"), deployed.as("Snapshot").backup(), CLOCK).snapshot(state);
        DrillState copied = new CopyStep(deployed.as("Copy"), CLOCK).copy(snapshotted);

        // THEN the snapshot is in the source region and its copy in the recovery region, both with the drill's tags
        DBSnapshot taken = snapshot(rds.apply(SOURCE), state.names().snapshot());
        assertThat(snapshotted.progress().snapshotArn()).isEqualTo(taken.dbSnapshotArn());
        assertThat(copied.progress().copyArn()).contains(":" + RECOVERY + ":").endsWith(":snapshot:" + state.names().copy());
        for (String arn : new String[] {taken.dbSnapshotArn(), copied.progress().copyArn()}) {
            Map<String, String> tags = RdsTags.read(rds.apply(arn.split(":")[3]), arn);
            assertThat(tags).containsEntry(DrillTags.MANAGED, "true").containsEntry(DrillTags.DRILL_ID, state.drillId())
                    .containsEntry(DrillTags.SOURCE, "shop-prod").containsEntry(DrillTags.EXPIRES_AT, "2026-11-22T16:00:00Z");
        }
        // AND a retried Snapshot or Copy finds its own work instead of failing
        assertThat(new SnapshotStep(deployed.as("Snapshot"), deployed.as("Snapshot").backup(), CLOCK).snapshot(state).progress().snapshotArn()).isEqualTo(snapshotted.progress().snapshotArn());
        assertThat(new CopyStep(deployed.as("Copy"), CLOCK).copy(snapshotted).progress().copyArn()).isEqualTo(copied.progress().copyArn());

        // WHEN Cleanup runs, twice
        CleanupResult first = new CleanupStep(deployed.as("Cleanup"), deployed.as("Cleanup").secrets(), CLOCK).cleanup(copied).progress().cleanup();
        CleanupResult second = new CleanupStep(deployed.as("Cleanup"), deployed.as("Cleanup").secrets(), CLOCK).cleanup(copied).progress().cleanup();

        // THEN the drill's two snapshots are gone, the manual snapshot and the source are untouched, and a
        // second Cleanup finds everything already gone
        assertThat(first.deleted()).containsExactlyInAnyOrder("snapshot " + state.names().snapshot(),
                "snapshot " + state.names().copy());
        assertThat(second.deleted()).isEmpty();
        assertThat(rds.apply(SOURCE).describeDBSnapshots(r -> r.snapshotType("manual")).dbSnapshots())
                .extracting(DBSnapshot::dbSnapshotIdentifier).containsExactly("nightly-manual");
        assertThat(rds.apply(RECOVERY).describeDBSnapshots().dbSnapshots()).isEmpty();
        assertThat(rds.apply(SOURCE).describeDBInstances().dbInstances()).hasSize(1);
    }

    @Test
    void aCopyCarriesTheDrillsTagsOnlyNeverThoseOfTheSnapshotItCopies() {
        // GIVEN an existing production snapshot, tagged by its team and selected for AWS Backup by a tag
        rds.createPostgresInstance(SOURCE, "shop-prod");
        keyArn = rds.createKmsKey(RECOVERY);
        String production = rds.apply(SOURCE).createDBSnapshot(r -> r.dbSnapshotIdentifier("nightly-manual")
                .dbInstanceIdentifier("shop-prod").tags(RdsTags.of(Map.of("team", "dba", "backup-plan", "daily"))))
                .dbSnapshot().dbSnapshotArn();
        String input = Events.with(Events.with(Events.read("plan.json")
                .replace("arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555", keyArn),
                "snapshotMode", "EXISTING"), "snapshotArn", production);
        DrillState planned = new PlanStep(deployed.as("Plan"), CLOCK).plan(parser.parse(input));

        // WHEN Snapshot picks it and Copy copies it to the recovery region
        DrillState copied = new CopyStep(deployed.as("Copy"), CLOCK).copy(
                new SnapshotStep(deployed.as("Snapshot"), deployed.as("Snapshot").backup(), CLOCK).snapshot(planned));

        // THEN the copy carries exactly the drill's tags: a production tag on a drill copy could select it for
        // backups or other automation, and IAM's request-tag conditions never see copied tags. (moto ignores
        // CopyTags, so the exact request is the proof that RDS is not asked to copy them.)
        CopyDbSnapshotRequest request = recorder.sent(CopyDbSnapshotRequest.class).stream()
                .filter(r -> r.targetDBSnapshotIdentifier().equals(planned.names().copy())).findFirst().orElseThrow();
        assertThat(request.copyTags()).isFalse();
        assertThat(request.tags()).isEqualTo(RdsTags.of(planned.tags()));
        assertThat(RdsTags.read(rds.apply(RECOVERY), copied.progress().copyArn())).isEqualTo(copied.tags());
    }

    @Test
    void cleanupPointedAtAResourceOfAnotherDrillDeletesNothingAndSaysWhy() {
        // GIVEN the drill's own snapshot, and in the recovery region a snapshot with the drill's copy name
        // that another drill created
        DrillState state = new SnapshotStep(deployed.as("Snapshot"), deployed.as("Snapshot").backup(), CLOCK).snapshot(planned());
        rds.createPostgresInstance(RECOVERY, "other");
        rds.apply(RECOVERY).createDBSnapshot(r -> r.dbSnapshotIdentifier(state.names().copy()).dbInstanceIdentifier("other")
                .tags(RdsTags.of(Map.of(DrillTags.MANAGED, "true", DrillTags.DRILL_ID, "someone-else"))));

        // WHEN Cleanup runs
        // THEN it refuses, naming the resource and the tags it found, and deletes nothing at all
        assertThatThrownBy(() -> new CleanupStep(deployed.as("Cleanup"), deployed.as("Cleanup").secrets(), CLOCK).cleanup(state))
                .isInstanceOf(UnsafeTargetException.class)
                .hasMessageContaining(state.names().copy())
                .hasMessageContaining("restore-drill:id=someone-else")
                .hasMessageEndingWith("nothing was deleted.");
        assertThat(snapshot(rds.apply(SOURCE), state.names().snapshot())).isNotNull();
        assertThat(snapshot(rds.apply(RECOVERY), state.names().copy())).isNotNull();
    }

    @Test
    void latestAutomatedPicksTheSourcesNewestAutomatedSnapshotAndTakesNone() {
        // GIVEN a source whose automated backup moto made when it was created
        DrillState automated = planned("snapshotMode", "LATEST_AUTOMATED");

        // WHEN Snapshot runs in LATEST_AUTOMATED mode
        DrillState picked = new SnapshotStep(deployed.as("Snapshot"), deployed.as("Snapshot").backup(), CLOCK).snapshot(automated);

        // THEN it names that automated snapshot and creates no manual one
        DBSnapshot newest = rds.apply(SOURCE).describeDBSnapshots(r -> r.snapshotType("automated")).dbSnapshots().get(0);
        assertThat(picked.progress().snapshotArn()).isEqualTo(newest.dbSnapshotArn());
        assertThat(rds.apply(SOURCE).describeDBSnapshots(r -> r.snapshotType("manual")).dbSnapshots()).isEmpty();
    }

    @Test
    void aCopyWhoseKmsKeyCannotBeUsedFailsWithTheKeyAndTheFix() {
        // GIVEN the sample input as written: its KMS key does not exist in the recovery region
        rds.createPostgresInstance(SOURCE, "shop-prod");
        DrillState state = new SnapshotStep(deployed.as("Snapshot"), deployed.as("Snapshot").backup(), CLOCK).snapshot(new PlanStep(deployed.as("Plan"), CLOCK).plan(parser.parse(Events.read("plan.json"))));

        // WHEN / THEN Copy fails with a named error naming the key, and creates no copy
        assertThatThrownBy(() -> new CopyStep(deployed.as("Copy"), CLOCK).copy(state))
                .isInstanceOf(CopyFailedException.class)
                .hasMessageContaining("KMS key arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555")
                .hasMessageContaining("check restore.kmsKeyId and the key policy");
        assertThat(rds.apply(RECOVERY).describeDBSnapshots().dbSnapshots()).isEmpty();
    }

    @Test
    void retainSnapshotsKeepsThemAndCleanupLeavesThemAlone() {
        DrillState retained = planned("retainSnapshots", true);
        DrillState copied = new CopyStep(deployed.as("Copy"), CLOCK).copy(new SnapshotStep(deployed.as("Snapshot"), deployed.as("Snapshot").backup(), CLOCK).snapshot(retained));

        CleanupResult result = new CleanupStep(deployed.as("Cleanup"), deployed.as("Cleanup").secrets(), CLOCK).cleanup(copied).progress().cleanup();

        assertThat(result.deleted()).isEmpty();
        assertThat(snapshot(rds.apply(RECOVERY), retained.names().copy()).dbSnapshotArn()).isEqualTo(copied.progress().copyArn());
    }
}
