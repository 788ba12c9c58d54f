package io.restoredrill.aws.copy;

import io.restoredrill.aws.plan.DrillState;
import io.restoredrill.aws.plan.SourceKind;
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
 * and the drill's tags added. A retry finds its own copy by name and tags.
 */
public final class CopyStep {

    private final Function<String, RdsClient> rdsInRegion;

    public CopyStep(Function<String, RdsClient> rdsInRegion) {
        this.rdsInRegion = rdsInRegion;
    }

    public DrillState copy(DrillState state) {
        RdsClient recovery = rdsInRegion.apply(state.recoveryRegion());
        String name = state.names().copy();
        boolean cluster = state.source().kind() == SourceKind.CLUSTER || state.snapshotArn().contains(":cluster-snapshot:");
        try {
            if (cluster) {
                return state.withCopy(recovery.copyDBClusterSnapshot(r -> r
                        .sourceDBClusterSnapshotIdentifier(state.snapshotArn()).targetDBClusterSnapshotIdentifier(name)
                        .kmsKeyId(state.restore().kmsKeyId()).sourceRegion(state.sourceRegion()).copyTags(true)
                        .tags(RdsTags.of(state.tags()))).dbClusterSnapshot().dbClusterSnapshotArn());
            }
            return state.withCopy(recovery.copyDBSnapshot(r -> r
                    .sourceDBSnapshotIdentifier(state.snapshotArn()).targetDBSnapshotIdentifier(name)
                    .kmsKeyId(state.restore().kmsKeyId()).sourceRegion(state.sourceRegion()).copyTags(true)
                    .tags(RdsTags.of(state.tags()))).dbSnapshot().dbSnapshotArn());
        } catch (KmsKeyNotAccessibleException e) {
            throw new CopyFailedException("The recovery region's KMS key " + state.restore().kmsKeyId() + " in "
                    + state.recoveryRegion() + " cannot be used for the copy (" + e.awsErrorDetails().errorMessage()
                    + "); check restore.kmsKeyId and the key policy.", e);
        } catch (DbSnapshotAlreadyExistsException | DbClusterSnapshotAlreadyExistsException e) {
            String arn = cluster
                    ? recovery.describeDBClusterSnapshots(r -> r.dbClusterSnapshotIdentifier(name)).dbClusterSnapshots().get(0).dbClusterSnapshotArn()
                    : recovery.describeDBSnapshots(r -> r.dbSnapshotIdentifier(name)).dbSnapshots().get(0).dbSnapshotArn();
            return state.withCopy(Ownership.requireOwnedBy(recovery, arn, state.drillId()));
        }
    }
}
