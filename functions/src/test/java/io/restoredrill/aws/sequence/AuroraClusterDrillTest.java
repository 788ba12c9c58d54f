package io.restoredrill.aws.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import io.restoredrill.aws.Events;
import io.restoredrill.aws.check.CheckStep;
import io.restoredrill.aws.cleanup.CleanupStep;
import io.restoredrill.aws.copy.CopyStep;
import io.restoredrill.aws.plan.DrillDefaults;
import io.restoredrill.aws.drill.DrillTags;
import io.restoredrill.aws.plan.InputParser;
import io.restoredrill.aws.plan.PlanStep;
import io.restoredrill.aws.drill.SourceKind;
import io.restoredrill.aws.rds.RdsTags;
import io.restoredrill.aws.restore.RestoreStep;
import io.restoredrill.aws.snapshot.SnapshotStep;
import io.restoredrill.aws.state.DrillState;
import io.restoredrill.aws.testing.DeployedRoles;
import io.restoredrill.aws.testing.MotoRds;
import io.restoredrill.aws.testing.RequestRecorder;
import io.restoredrill.aws.testing.States;
import io.restoredrill.testing.MotoServer;
import io.restoredrill.testing.PostgresFixture;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.rds.model.DbClusterAlreadyExistsException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DeleteDbClusterRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbClusterFromSnapshotRequest;

/** An Aurora PostgreSQL cluster drilled cross-region on moto: cluster snapshot, copy, cluster + writer, cleanup. */
class AuroraClusterDrillTest {

    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T04:00:00Z"), ZoneOffset.UTC);
    private static final String SAMPLE_KEY = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555";

    private final RequestRecorder recorder = new RequestRecorder();
    private final MotoRds rds = new MotoRds(MOTO, recorder);

    @AfterEach
    void close() {
        rds.close();
    }

    @Test
    void aClusterIsSnapshottedCopiedRestoredWithOneWriterAndCleanedUpLeavingTheSourceAlone() {
        // GIVEN an Aurora PostgreSQL cluster "ledger" in the source region, a manual cluster snapshot nobody's
        // drill made, and the isolated network and KMS key in the recovery region
        RdsClient source = rds.apply("eu-central-1");
        RdsClient recovery = rds.apply("eu-west-1");
        source.createDBCluster(r -> r.dbClusterIdentifier("ledger").engine("aurora-postgresql").engineVersion(PostgresFixture.engineVersion())
                .masterUsername("ledger_admin").masterUserPassword("not-used-1").databaseName("ledger"));
        source.createDBClusterSnapshot(r -> r.dbClusterIdentifier("ledger").dbClusterSnapshotIdentifier("ledger-manual"));
        String securityGroup = rds.createIsolatedNetwork("eu-west-1");
        String key = rds.createKmsKey("eu-west-1");
        String input = Events.with(Events.read("plan.json").replace(SAMPLE_KEY, key), "source", "ledger");
        // AND every function runs as its deployed role (moto enforces IAM from here on)
        DeployedRoles roles = DeployedRoles.enforce(MOTO, new DeployedRoles.Deployment("eu-central-1", "eu-west-1",
                "restore-drill-evidence", key, "arn:aws:sns:eu-west-1:" + DeployedRoles.ACCOUNT + ":restore-drill"));
        MotoRds snapshot = rds.as(roles, "Snapshot");

        // WHEN the drill runs Plan, Snapshot, CheckSnapshot, Copy, CheckCopy, Restore, CheckRestore
        DrillState planned = States.withSecurityGroup(new PlanStep(rds.as(roles, "Plan"), CLOCK)
                .plan(new InputParser(DrillDefaults.fromEnvironment(Map.of()), CLOCK).parse(input)), securityGroup);
        DrillState snapshotted = new CheckStep(rds.as(roles, "CheckSnapshot"), CLOCK)
                .checkSnapshot(new SnapshotStep(snapshot, snapshot.backup(), CLOCK).snapshot(planned));
        DrillState copied = new CheckStep(rds.as(roles, "CheckCopy"), CLOCK)
                .checkCopy(new CopyStep(rds.as(roles, "Copy"), CLOCK).copy(snapshotted));
        DrillState state = new CheckStep(rds.as(roles, "CheckRestore"), CLOCK)
                .checkRestore(new RestoreStep(rds.as(roles, "Restore"), CLOCK).restore(copied));

        // THEN the source is a cluster whose own database is the one verified
        assertThat(state.source().kind()).isEqualTo(SourceKind.CLUSTER);
        assertThat(state.database()).isEqualTo("ledger");
        // AND the copy is a cluster snapshot in the recovery region with the drill's tags
        assertThat(state.progress().copyArn()).startsWith("arn:aws:rds:eu-west-1:").contains(":cluster-snapshot:");
        assertThat(RdsTags.read(recovery, state.progress().copyArn())).containsEntry(DrillTags.DRILL_ID, state.drillId());
        // AND the exact requests restore the cluster into the isolated network, unprotected, tagged, with one private writer
        RestoreDbClusterFromSnapshotRequest cluster = recorder.sent(RestoreDbClusterFromSnapshotRequest.class).get(0);
        assertThat(cluster.dbClusterIdentifier()).isEqualTo(state.names().restored());
        assertThat(cluster.snapshotIdentifier()).isEqualTo(state.names().copy());
        assertThat(cluster.engine()).isEqualTo("aurora-postgresql");
        assertThat(cluster.dbSubnetGroupName()).isEqualTo("restore-drill-isolated");
        assertThat(cluster.vpcSecurityGroupIds()).containsExactly(securityGroup);
        assertThat(cluster.deletionProtection()).isFalse();
        assertThat(cluster.tags()).isEqualTo(RdsTags.of(state.tags()));
        CreateDbInstanceRequest writer = recorder.sent(CreateDbInstanceRequest.class).stream()
                .filter(r -> state.names().writer().equals(r.dbInstanceIdentifier())).findFirst().orElseThrow();
        assertThat(writer.dbClusterIdentifier()).isEqualTo(state.names().restored());
        assertThat(writer.dbInstanceClass()).isEqualTo("db.t4g.medium");
        assertThat(writer.publiclyAccessible()).isFalse();
        assertThat(writer.tags()).isEqualTo(RdsTags.of(state.tags()));
        // AND CheckRestore recorded the cluster's endpoint and master user
        assertThat(state.progress().endpoint().arn()).endsWith(":cluster:" + state.names().restored());
        assertThat(state.progress().endpoint().username()).isEqualTo("ledger_admin");
        // AND a retried Snapshot, Copy and Restore (as the state machine's Retry runs them) each find their own work
        assertThat(new SnapshotStep(snapshot, snapshot.backup(), CLOCK).snapshot(planned).progress().snapshotArn())
                .isEqualTo(snapshotted.progress().snapshotArn());
        assertThat(new CopyStep(rds.as(roles, "Copy"), CLOCK).copy(snapshotted).progress().copyArn())
                .isEqualTo(copied.progress().copyArn());
        try (MotoRds clusterExists = new MotoRds(MOTO, new ClusterAlreadyExists())) {
            new RestoreStep(clusterExists.as(roles, "Restore"), CLOCK).restore(copied);
        }
        assertThat(recovery.describeDBClusters().dbClusters()).hasSize(1);
        assertThat(recovery.describeDBInstances().dbInstances()).hasSize(1);

        // WHEN Cleanup runs
        MotoRds cleanup = rds.as(roles, "Cleanup");
        DrillState cleaned = new CleanupStep(cleanup, cleanup.secrets(), CLOCK).cleanup(state);

        // THEN writer, cluster and both cluster snapshots are gone; the source and its manual snapshot stay
        assertThat(cleaned.progress().cleanup().deleted()).containsExactly(
                "instance " + state.names().writer(), "cluster " + state.names().restored(),
                "cluster snapshot " + state.names().copy(), "cluster snapshot " + state.names().snapshot());
        assertThat(recovery.describeDBClusters().dbClusters()).isEmpty();
        assertThat(recovery.describeDBInstances().dbInstances()).isEmpty();
        assertThat(recovery.describeDBClusterSnapshots(r -> r.snapshotType("manual")).dbClusterSnapshots()).isEmpty();
        // (RDS removes a deleted cluster's automated backups when DeleteAutomatedBackups is true; moto keeps
        // them, so the request is the proof here)
        DeleteDbClusterRequest deleteCluster = recorder.sent(DeleteDbClusterRequest.class).get(0);
        assertThat(deleteCluster.skipFinalSnapshot()).isTrue();
        assertThat(deleteCluster.deleteAutomatedBackups()).isTrue();
        assertThat(source.describeDBClusters().dbClusters()).hasSize(1);
        assertThat(source.describeDBClusterSnapshots(r -> r.snapshotType("manual")).dbClusterSnapshots())
                .extracting(DBClusterSnapshot::dbClusterSnapshotIdentifier).containsExactly("ledger-manual");
        // AND no function was refused a call its deployed role does not allow
        roles.assertNothingDenied();
    }

    /**
     * Stands in for RDS at the wire for one call moto gets wrong: restoring a cluster that exists. RDS answers
     * DBClusterAlreadyExistsFault; moto fails on the automated snapshot it makes for the new cluster instead.
     */
    private static final class ClusterAlreadyExists implements ExecutionInterceptor {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (context.request() instanceof RestoreDbClusterFromSnapshotRequest request) {
                throw DbClusterAlreadyExistsException.builder().statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("DBClusterAlreadyExistsFault")
                                .errorMessage("DB Cluster already exists: " + request.dbClusterIdentifier()).build())
                        .build();
            }
        }
    }
}
