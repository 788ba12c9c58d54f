package io.restoredrill.aws.restore;

import io.restoredrill.aws.plan.DrillState;
import io.restoredrill.aws.plan.SourceKind;
import io.restoredrill.aws.rds.Ownership;
import io.restoredrill.aws.rds.RdsTags;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.error.RestoreFailedException;
import java.util.function.Function;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DbInstanceAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbSubnetGroupNotFoundException;

/**
 * Restore: brings the copy up as a new RDS instance in the isolated network: the configured DB
 * subnet group and security groups, the cheap instance class, never publicly accessible, no
 * Multi-AZ, no deletion protection, the drill's tags. A retry finds its own instance.
 * (Aurora clusters arrive with the cluster restore; they are refused here with that sentence.)
 */
public final class RestoreStep {

    private final Function<String, RdsClient> rdsInRegion;

    public RestoreStep(Function<String, RdsClient> rdsInRegion) {
        this.rdsInRegion = rdsInRegion;
    }

    public DrillState restore(DrillState state) {
        if (state.source().kind() == SourceKind.CLUSTER) {
            throw new InvalidInputException("Restoring an Aurora cluster is not available yet; drill an RDS instance.");
        }
        RdsClient rds = rdsInRegion.apply(state.recoveryRegion());
        String name = state.names().restored();
        try {
            rds.restoreDBInstanceFromDBSnapshot(r -> r
                    .dbInstanceIdentifier(name)
                    .dbSnapshotIdentifier(state.copyArn())
                    .dbInstanceClass(state.restore().instanceClass())
                    .dbSubnetGroupName(state.restore().subnetGroup())
                    .vpcSecurityGroupIds(state.restore().securityGroupIds())
                    .publiclyAccessible(false)
                    .multiAZ(false)
                    .deletionProtection(false)
                    .autoMinorVersionUpgrade(false)
                    .copyTagsToSnapshot(false)
                    .tags(RdsTags.of(state.tags())));
        } catch (DbInstanceAlreadyExistsException e) {
            String arn = rds.describeDBInstances(r -> r.dbInstanceIdentifier(name)).dbInstances().get(0).dbInstanceArn();
            Ownership.requireOwnedBy(rds, arn, state.drillId());
        } catch (DbSubnetGroupNotFoundException e) {
            throw new RestoreFailedException("DB subnet group '" + state.restore().subnetGroup() + "' does not exist in "
                    + state.recoveryRegion() + "; deploy the recovery-region stack or fix restore.subnetGroup.", e);
        }
        return state;
    }
}
