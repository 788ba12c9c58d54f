package io.restoredrill.aws.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restoredrill.aws.Events;
import io.restoredrill.aws.check.CheckStep;
import io.restoredrill.aws.cleanup.CleanupStep;
import io.restoredrill.aws.copy.CopyStep;
import io.restoredrill.aws.plan.DrillDefaults;
import io.restoredrill.aws.plan.InputParser;
import io.restoredrill.aws.plan.PlanStep;
import io.restoredrill.aws.restore.RestoreStep;
import io.restoredrill.aws.snapshot.SnapshotStep;
import io.restoredrill.aws.state.DrillState;
import io.restoredrill.aws.testing.BackupApiStandIn;
import io.restoredrill.aws.testing.BackupApiStandIn.RecoveryPoint;
import io.restoredrill.aws.testing.DeployedFunctions;
import io.restoredrill.aws.testing.DeployedRoles.Deployment;
import io.restoredrill.aws.testing.MotoRds;
import io.restoredrill.aws.testing.RequestRecorder;
import io.restoredrill.aws.testing.States;
import io.restoredrill.core.error.RestoreFailedException;
import io.restoredrill.core.error.SnapshotFailedException;
import io.restoredrill.testing.MotoServer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.CopyDbSnapshotRequest;
import software.amazon.awssdk.services.rds.model.DBSnapshot;

/**
 * The snapshots a drill can restore besides a new one: the newest AWS Backup recovery point in the
 * recovery vault, and (source region down) the newest copy already in the recovery region. The
 * recovery-region snapshots are made the way AWS Backup's copy action makes them, by a cross-region
 * CopyDBSnapshot of a source snapshot, so they keep the source's instance identifier.
 */
class SnapshotSourcesTest {

    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T04:00:00Z"), ZoneOffset.UTC);
    private static final String SAMPLE_KEY = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555";

    private final RequestRecorder recorder = new RequestRecorder();
    private final MotoRds rds = new MotoRds(MOTO, recorder);
    private String keyArn;
    /** Each step runs as its function's deployed role. */
    private final DeployedFunctions deployed = new DeployedFunctions(MOTO, rds, () -> Deployment.of("eu-central-1", "eu-west-1",
            keyArn));

    @AfterEach
    void close() {
        try {
            deployed.close();
        } finally {
            rds.close();
        }
    }

    private DrillState planRegionDown() {
        return plan("sourceRegionDown", true, "database", "shop");
    }

    private DrillState plan(String field, Object value, String otherField, Object otherValue) {
        String input = Events.with(Events.with(Events.read("plan.json").replace(SAMPLE_KEY, keyArn), field, value),
                otherField, otherValue);
        return new PlanStep(deployed.as("Plan"), CLOCK).plan(new InputParser(DrillDefaults.fromEnvironment(Map.of()), CLOCK).parse(input));
    }

    private DrillState plan(String field, Object value) {
        String input = Events.with(Events.read("plan.json").replace(SAMPLE_KEY, keyArn), field, value);
        return new PlanStep(deployed.as("Plan"), CLOCK).plan(new InputParser(DrillDefaults.fromEnvironment(Map.of()), CLOCK).parse(input));
    }

    /** The source, and {@code count} backups of it copied to the recovery region, oldest first. */
    private List<DBSnapshot> sourceWithRecoveryRegionCopies(int count) {
        rds.createPostgresInstance("eu-central-1", "shop-prod");
        keyArn = rds.createKmsKey("eu-west-1");
        RdsClient source = rds.apply("eu-central-1");
        RdsClient recovery = rds.apply("eu-west-1");
        for (int i = 1; i <= count; i++) {
            String name = "backup-" + i;
            source.createDBSnapshot(r -> r.dbSnapshotIdentifier(name).dbInstanceIdentifier("shop-prod"));
            recovery.copyDBSnapshot(r -> r.sourceDBSnapshotIdentifier("arn:aws:rds:eu-central-1:123456789012:snapshot:" + name)
                    .targetDBSnapshotIdentifier(name + "-copy").kmsKeyId(keyArn).sourceRegion("eu-central-1"));
        }
        return recovery.describeDBSnapshots(r -> r.dbInstanceIdentifier("shop-prod")).dbSnapshots();
    }

    @Test
    void latestRecoveryPointRestoresTheNewestCompletedPointOfTheSourceInTheRecoveryVaultWithoutCopying() throws Exception {
        // GIVEN two completed recovery points of the source and a newer one still being created, in the vault
        List<DBSnapshot> copies = sourceWithRecoveryRegionCopies(3);
        String sourceArn = "arn:aws:rds:eu-central-1:123456789012:db:shop-prod";
        try (BackupApiStandIn backup = new BackupApiStandIn("restore-drill-recovery", List.of(
                new RecoveryPoint(copies.get(0).dbSnapshotArn(), sourceArn, "COMPLETED", 1_763_700_000L),
                new RecoveryPoint(copies.get(1).dbSnapshotArn(), sourceArn, "COMPLETED", 1_763_780_000L),
                new RecoveryPoint(copies.get(2).dbSnapshotArn(), sourceArn, "CREATING", 1_763_790_000L),
                new RecoveryPoint("arn:aws:rds:eu-west-1:123456789012:snapshot:other", "arn:other", "COMPLETED", 1_763_799_999L)))) {
            String securityGroup = rds.createIsolatedNetwork("eu-west-1");
            DrillState planned = States.withSecurityGroup(plan("snapshotMode", "LATEST_RECOVERY_POINT"), securityGroup);
            SnapshotStep snapshot = new SnapshotStep(deployed.as("Snapshot"), region -> backup.client(region, deployed.as("Snapshot")), CLOCK);
            CheckStep checkSnapshot = new CheckStep(deployed.as("CheckSnapshot"), CLOCK);
            CheckStep checkCopy = new CheckStep(deployed.as("CheckCopy"), CLOCK);
            CheckStep checkRestore = new CheckStep(deployed.as("CheckRestore"), CLOCK);

            // WHEN Snapshot, CheckSnapshot, Copy, CheckCopy and Restore run
            DrillState picked = checkSnapshot.checkSnapshot(snapshot.snapshot(planned));
            DrillState restored = new RestoreStep(deployed.as("Restore"), CLOCK).restore(
                    checkCopy.checkCopy(new CopyStep(deployed.as("Copy"), CLOCK).copy(picked)));

            // THEN the vault was asked for the source's points, the newest completed one was picked, nothing was
            // copied, and that recovery point was restored
            assertThat(backup.requests()).singleElement().asString()
                    .startsWith("GET /backup-vaults/restore-drill-recovery/recovery-points/")
                    .contains("resourceArn=" + sourceArn);
            assertThat(picked.progress().snapshotArn()).isEqualTo(copies.get(1).dbSnapshotArn());
            assertThat(recorder.sent(CopyDbSnapshotRequest.class)).hasSize(3); // only the test's own three
            assertThat(restored.progress().copyArn()).isEqualTo(copies.get(1).dbSnapshotArn());
            // AND Cleanup deletes the restored instance but never the recovery point
            new CleanupStep(deployed.as("Cleanup"), deployed.as("Cleanup").secrets(), CLOCK).cleanup(checkRestore.checkRestore(restored));
            assertThat(rds.apply("eu-west-1").describeDBSnapshots(r -> r.dbInstanceIdentifier("shop-prod")).dbSnapshots())
                    .hasSize(3);
        }
    }

    @Test
    void latestRecoveryPointWithAMissingVaultOrNoPointSaysWhichAndHowToFixIt() throws Exception {
        sourceWithRecoveryRegionCopies(0);
        DrillState planned = plan("snapshotMode", "LATEST_RECOVERY_POINT");
        try (BackupApiStandIn backup = new BackupApiStandIn("restore-drill-recovery", List.of())) {
            SnapshotStep snapshot = new SnapshotStep(deployed.as("Snapshot"), region -> backup.client(region, deployed.as("Snapshot")), CLOCK);

            assertThatThrownBy(() -> snapshot.snapshot(planned))
                    .isInstanceOf(SnapshotFailedException.class)
                    .hasMessageContaining("Vault 'restore-drill-recovery' in eu-west-1 holds no completed recovery point");
        }
        // (the recovery-region stack not deployed: the account has some other vault, not the drill's)
        try (BackupApiStandIn backup = new BackupApiStandIn("someone-elses-vault", List.of())) {
            SnapshotStep snapshot = new SnapshotStep(deployed.as("Snapshot"), region -> backup.client(region, deployed.as("Snapshot")), CLOCK);

            assertThatThrownBy(() -> snapshot.snapshot(planned))
                    .isInstanceOf(SnapshotFailedException.class)
                    .hasMessageContaining("AWS Backup vault 'restore-drill-recovery' does not exist in eu-west-1");
        }
    }

    @Test
    void withTheSourceRegionDownTheNewestCopyInTheRecoveryRegionIsRestoredWithoutCallingTheSourceRegion() {
        // GIVEN two backups of the source copied to the recovery region
        List<DBSnapshot> copies = sourceWithRecoveryRegionCopies(2);
        DBSnapshot newest = copies.stream().max(java.util.Comparator.comparing(DBSnapshot::snapshotCreateTime)).orElseThrow();
        String securityGroup = rds.createIsolatedNetwork("eu-west-1");

        // WHEN the drill is planned with the source region down and Restore runs
        DrillState planned = States.withSecurityGroup(planRegionDown(), securityGroup);
        long callsBefore = recorder.sentTo("eu-central-1");
        DrillState restored = new CheckStep(deployed.as("CheckRestore"), CLOCK).checkRestore(new RestoreStep(deployed.as("Restore"), CLOCK).restore(planned));

        // THEN the newest copy was restored, its time is the RPO reference, and the source region was never called
        assertThat(restored.progress().copyArn()).isEqualTo(newest.dbSnapshotArn());
        assertThat(restored.progress().snapshotTime()).isEqualTo(newest.snapshotCreateTime());
        assertThat(restored.progress().endpoint()).isNotNull();
        assertThat(recorder.sentTo("eu-central-1")).isEqualTo(callsBefore);
    }

    @Test
    void withTheSourceRegionDownAnotherDrillsCopyIsNeverRestoredThoughItIsTheNewest() {
        // GIVEN a backup of the source copied to the recovery region, and the scheduled drill of the same source
        // in flight, holding its own copy there: newer, of the same source, and deleted by that drill's Cleanup
        List<DBSnapshot> copies = sourceWithRecoveryRegionCopies(1);
        String securityGroup = rds.createIsolatedNetwork("eu-west-1");
        DrillState scheduled = new CopyStep(deployed.as("Copy"), CLOCK).copy(new SnapshotStep(deployed.as("Snapshot"), deployed.as("Snapshot").backup(), CLOCK)
                .snapshot(States.withSecurityGroup(plan("snapshotMode", "NEW"), securityGroup)));
        String scheduledCopy = scheduled.progress().copyArn();
        assertThat(rds.apply("eu-west-1").describeDBSnapshots(r -> r.dbSnapshotIdentifier(scheduled.names().copy()))
                .dbSnapshots().get(0).snapshotCreateTime()).isAfter(copies.get(0).snapshotCreateTime());

        // WHEN a drill of the same source runs with the source region down (a rehearsal beside the schedule)
        DrillState rehearsal = new RestoreStep(deployed.as("Restore"), CLOCK).restore(
                States.withSecurityGroup(planRegionDown(), securityGroup));

        // THEN it restores the backup's copy, not the other drill's, which that drill's Cleanup then deletes alone
        assertThat(rehearsal.progress().copyArn()).isEqualTo(copies.get(0).dbSnapshotArn()).isNotEqualTo(scheduledCopy);
        new CleanupStep(deployed.as("Cleanup"), deployed.as("Cleanup").secrets(), CLOCK).cleanup(scheduled);
        assertThat(rds.apply("eu-west-1").describeDBInstances(r -> r.dbInstanceIdentifier(rehearsal.names().restored()))
                .dbInstances()).hasSize(1);
        assertThat(rds.apply("eu-west-1").describeDBSnapshots(r -> r.dbInstanceIdentifier("shop-prod")).dbSnapshots())
                .extracting(DBSnapshot::dbSnapshotArn).containsExactly(copies.get(0).dbSnapshotArn());
    }

    @Test
    void withTheSourceRegionDownAndNoCopyTheRestoreSaysWhatWasMissing() {
        sourceWithRecoveryRegionCopies(0);

        assertThatThrownBy(() -> new RestoreStep(deployed.as("Restore"), CLOCK).restore(planRegionDown()))
                .isInstanceOf(RestoreFailedException.class)
                .hasMessageContaining("eu-west-1 holds no available snapshot of 'shop-prod'");
    }
}
