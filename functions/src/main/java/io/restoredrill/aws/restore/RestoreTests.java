package io.restoredrill.aws.restore;

import io.restoredrill.aws.drill.RestoreTarget;
import io.restoredrill.aws.drill.RestoreTestJob;
import io.restoredrill.aws.rds.Ownership;
import io.restoredrill.aws.state.DrillState;
import io.restoredrill.core.error.RestoreNotIsolatedException;
import java.util.List;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/**
 * Restore, for a restore test: AWS Backup has restored already, so the step checks that it restored into
 * the isolated network (the selection's metadata overrides; without them AWS Backup uses the default VPC)
 * and, for an Aurora cluster, which restore testing brings back without an instance, adds the drill's
 * writer. The restore job's resource itself is never changed here.
 */
final class RestoreTests {

    private RestoreTests() {
    }

    static void prepare(RdsClient rds, DrillState state) {
        RestoreTestJob job = state.restoreTest();
        if (job.cluster()) {
            DBCluster cluster = rds.describeDBClusters(r -> r.dbClusterIdentifier(job.identifier())).dbClusters().get(0);
            requireIsolated(state, "Aurora cluster " + job.identifier(), cluster.dbSubnetGroup(),
                    ids(cluster.vpcSecurityGroups()), Boolean.TRUE.equals(cluster.publiclyAccessible()));
            Ownership.requireRestoreTestResource(rds, job, cluster.dbClusterArn(), "will not add an instance to "
                    + job.identifier());
            RestoreStep.addWriter(rds, state, job.identifier());
        } else {
            DBInstance instance = rds.describeDBInstances(r -> r.dbInstanceIdentifier(job.identifier())).dbInstances().get(0);
            requireIsolated(state, "instance " + job.identifier(),
                    instance.dbSubnetGroup() == null ? null : instance.dbSubnetGroup().dbSubnetGroupName(),
                    ids(instance.vpcSecurityGroups()), Boolean.TRUE.equals(instance.publiclyAccessible()));
        }
    }

    private static List<String> ids(List<VpcSecurityGroupMembership> groups) {
        return groups.stream().map(VpcSecurityGroupMembership::vpcSecurityGroupId).toList();
    }

    private static void requireIsolated(DrillState state, String what, String subnetGroup, List<String> securityGroups,
                                        boolean publiclyAccessible) {
        RestoreTarget isolated = state.restore();
        boolean inSubnetGroup = isolated.subnetGroup().equalsIgnoreCase(String.valueOf(subnetGroup));
        boolean onlyOurGroups = !securityGroups.isEmpty() && isolated.securityGroupIds().containsAll(securityGroups);
        if (!inSubnetGroup || !onlyOurGroups || publiclyAccessible) {
            throw new RestoreNotIsolatedException("AWS Backup restored " + what + " into subnet group '" + subnetGroup
                    + "' with security groups " + securityGroups + (publiclyAccessible ? ", publicly accessible," : "")
                    + " not into the isolated subnet group '" + isolated.subnetGroup() + "' with only "
                    + isolated.securityGroupIds() + "; give the restore testing selection the stack's restore metadata"
                    + " overrides (dbSubnetGroupName, vpcSecurityGroupIds). Nothing was changed or verified.");
        }
    }
}
