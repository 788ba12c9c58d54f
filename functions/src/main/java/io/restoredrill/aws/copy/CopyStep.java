package io.restoredrill.aws.copy;

import io.restoredrill.aws.state.DrillState;
import io.restoredrill.aws.rds.Arns;
import io.restoredrill.aws.state.Progress;
import io.restoredrill.core.model.Phase;
import java.time.Clock;
import io.restoredrill.aws.rds.Ownership;
import io.restoredrill.aws.rds.RdsTags;
import io.restoredrill.core.error.CopyFailedException;
import java.util.function.Function;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DbClusterSnapshotAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbSnapshotAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.KmsKeyNotAccessibleException;

/**
 * Copy: copies the snapshot into the recovery region, re-encrypted with that region's KMS key.
 * {@code SourceRegion} lets the SDK presign the cross-region request; the source's tags are copied
 * and the drill's tags added. A retry finds its own copy by name and tags. A snapshot already in
 * the recovery region (an AWS Backup recovery point there, or an existing copy) is used as it is.
 */
public final class CopyStep {

    private final Function<String, RdsClient> rdsInRegion;
    private final Clock clock;

    public CopyStep(Function<String, RdsClient> rdsInRegion, Clock clock) {
        this.rdsInRegion = rdsInRegion;
        this.clock = clock;
    }

    public DrillState copy(DrillState state) {
        Progress started = state.progress().started(Phase.COPY, clock.instant());
        String snapshotArn = state.progress().snapshotArn();
        if (Arns.region(snapshotArn).equals(state.recoveryRegion())) {
            return state.with(started.withCopy(snapshotArn));
        }
        return state.with(started.withCopy(copyToRecoveryRegion(state, snapshotArn)));
    }

    private String copyToRecoveryRegion(DrillState state, String snapshotArn) {
        RdsClient recovery = rdsInRegion.apply(state.recoveryRegion());
        String name = state.names().copy();
        boolean cluster = Arns.isClusterSnapshot(snapshotArn);
        try {
            if (cluster) {
                return recovery.copyDBClusterSnapshot(r -> r
                        .sourceDBClusterSnapshotIdentifier(snapshotArn).targetDBClusterSnapshotIdentifier(name)
                        .kmsKeyId(state.restore().kmsKeyId()).sourceRegion(state.sourceRegion()).copyTags(false)
                        .tags(RdsTags.of(state.tags()))).dbClusterSnapshot().dbClusterSnapshotArn();
            }
            return recovery.copyDBSnapshot(r -> r
                    .sourceDBSnapshotIdentifier(snapshotArn).targetDBSnapshotIdentifier(name)
                    .kmsKeyId(state.restore().kmsKeyId()).sourceRegion(state.sourceRegion()).copyTags(false)
                    .tags(RdsTags.of(state.tags()))).dbSnapshot().dbSnapshotArn();
        } catch (KmsKeyNotAccessibleException e) {
            throw new CopyFailedException("The recovery region's KMS key " + state.restore().kmsKeyId() + " in "
                    + state.recoveryRegion() + " cannot be used for the copy (" + e.awsErrorDetails().errorMessage()
                    + "); check restore.kmsKeyId and the key policy.", e);
        } catch (DbSnapshotAlreadyExistsException | DbClusterSnapshotAlreadyExistsException e) {
            String arn = cluster
                    ? recovery.describeDBClusterSnapshots(r -> r.dbClusterSnapshotIdentifier(name)).dbClusterSnapshots().get(0).dbClusterSnapshotArn()
                    : recovery.describeDBSnapshots(r -> r.dbSnapshotIdentifier(name)).dbSnapshots().get(0).dbSnapshotArn();
            return Ownership.requireOwnedBy(recovery, arn, state.drillId());
        }
    }
}
