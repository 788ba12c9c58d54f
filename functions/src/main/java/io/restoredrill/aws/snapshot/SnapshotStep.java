package io.restoredrill.aws.snapshot;

import io.restoredrill.aws.state.DrillState;
import io.restoredrill.aws.state.Progress;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.model.Phase;
import java.time.Clock;
import io.restoredrill.aws.drill.SourceKind;
import io.restoredrill.aws.rds.Ownership;
import io.restoredrill.aws.rds.RdsTags;
import io.restoredrill.core.error.SnapshotFailedException;
import java.util.Comparator;
import java.util.function.Function;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.DbClusterSnapshotAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbSnapshotAlreadyExistsException;

/**
 * Snapshot: takes a new manual snapshot of the source, tagged as the drill's, or picks one: the
 * newest automated snapshot, the newest AWS Backup recovery point in the recovery-region vault, or
 * the ARN given. A retry finds its own snapshot by name and tags and goes on with it.
 */
public final class SnapshotStep {

    private final Function<String, RdsClient> rdsInRegion;
    private final Function<String, BackupClient> backupInRegion;
    private final Clock clock;

    public SnapshotStep(Function<String, RdsClient> rdsInRegion, Function<String, BackupClient> backupInRegion,
                        Clock clock) {
        this.rdsInRegion = rdsInRegion;
        this.backupInRegion = backupInRegion;
        this.clock = clock;
    }

    public DrillState snapshot(DrillState state) {
        Progress started = state.progress().started(Phase.SNAPSHOT, clock.instant());
        RdsClient rds = rdsInRegion.apply(state.sourceRegion());
        String arn = switch (state.snapshotMode()) {
            case NEW -> state.source().kind() == SourceKind.CLUSTER ? newClusterSnapshot(rds, state)
                    : newInstanceSnapshot(rds, state);
            case LATEST_AUTOMATED -> latestAutomated(rds, state);
            case EXISTING -> state.progress().snapshotArn();
            case LATEST_RECOVERY_POINT -> RecoveryPoints.newest(backupInRegion.apply(state.recoveryRegion()),
                    state.recoveryVault(), state.source().arn(), state.recoveryRegion());
            case RESTORE_TEST -> throw new InvalidInputException("A restore test has no Snapshot phase: AWS Backup restored"
                    + " its recovery point already; it runs in the restore-test state machine, which starts at Restore.");
            case PITR -> throw new InvalidInputException("A point-in-time drill has no Snapshot phase: RDS restores the"
                    + " replicated automated backups in the recovery region; the state machine goes from Plan to Restore.");
        };
        return state.with(started.withSnapshot(arn));
    }

    private static String newInstanceSnapshot(RdsClient rds, DrillState state) {
        String name = state.names().snapshot();
        try {
            return rds.createDBSnapshot(r -> r.dbSnapshotIdentifier(name).dbInstanceIdentifier(state.source().identifier())
                    .tags(RdsTags.of(state.tags()))).dbSnapshot().dbSnapshotArn();
        } catch (DbSnapshotAlreadyExistsException e) {
            String arn = rds.describeDBSnapshots(r -> r.dbSnapshotIdentifier(name)).dbSnapshots().get(0).dbSnapshotArn();
            return Ownership.requireOwnedBy(rds, arn, state.drillId());
        }
    }

    private static String newClusterSnapshot(RdsClient rds, DrillState state) {
        String name = state.names().snapshot();
        try {
            return rds.createDBClusterSnapshot(r -> r.dbClusterSnapshotIdentifier(name)
                    .dbClusterIdentifier(state.source().identifier()).tags(RdsTags.of(state.tags())))
                    .dbClusterSnapshot().dbClusterSnapshotArn();
        } catch (DbClusterSnapshotAlreadyExistsException e) {
            String arn = rds.describeDBClusterSnapshots(r -> r.dbClusterSnapshotIdentifier(name)).dbClusterSnapshots()
                    .get(0).dbClusterSnapshotArn();
            return Ownership.requireOwnedBy(rds, arn, state.drillId());
        }
    }

    private static String latestAutomated(RdsClient rds, DrillState state) {
        String source = state.source().identifier();
        if (state.source().kind() == SourceKind.CLUSTER) {
            return rds.describeDBClusterSnapshots(r -> r.dbClusterIdentifier(source).snapshotType("automated"))
                    .dbClusterSnapshots().stream().filter(s -> s.snapshotCreateTime() != null)
                    .max(Comparator.comparing(DBClusterSnapshot::snapshotCreateTime))
                    .map(DBClusterSnapshot::dbClusterSnapshotArn)
                    .orElseThrow(() -> noAutomated(source, state.sourceRegion()));
        }
        return rds.describeDBSnapshots(r -> r.dbInstanceIdentifier(source).snapshotType("automated"))
                .dbSnapshots().stream().filter(s -> s.snapshotCreateTime() != null)
                .max(Comparator.comparing(DBSnapshot::snapshotCreateTime))
                .map(DBSnapshot::dbSnapshotArn)
                .orElseThrow(() -> noAutomated(source, state.sourceRegion()));
    }

    private static SnapshotFailedException noAutomated(String source, String region) {
        return new SnapshotFailedException("Source '" + source + "' in " + region + " has no automated snapshot; enable "
                + "automated backups or use snapshotMode NEW.");
    }
}
