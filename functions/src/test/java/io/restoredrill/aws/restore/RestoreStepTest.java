package io.restoredrill.aws.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restoredrill.aws.Events;
import io.restoredrill.aws.cleanup.CleanupStep;
import io.restoredrill.aws.copy.CopyStep;
import io.restoredrill.aws.plan.DrillDefaults;
import io.restoredrill.aws.state.DrillState;
import io.restoredrill.aws.drill.DrillTags;
import io.restoredrill.aws.plan.InputParser;
import io.restoredrill.aws.plan.PlanStep;
import io.restoredrill.aws.rds.RdsTags;
import io.restoredrill.aws.snapshot.SnapshotStep;
import io.restoredrill.aws.testing.DeployedFunctions;
import io.restoredrill.aws.testing.DeployedRoles.Deployment;
import io.restoredrill.aws.testing.MotoRds;
import io.restoredrill.aws.testing.ReplicatedBackupsStandIn;
import io.restoredrill.aws.testing.RequestRecorder;
import io.restoredrill.core.error.RestoreFailedException;
import io.restoredrill.testing.MotoServer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.RestoreDbInstanceFromDbSnapshotRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbInstanceToPointInTimeRequest;

/** Restore into an isolated subnet group on moto (which makes the instance "available" at once). */
class RestoreStepTest {

    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T04:00:00Z"), ZoneOffset.UTC);
    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create(MotoServer.ACCESS_KEY_ID, MotoServer.SECRET_ACCESS_KEY));

    private final RequestRecorder recorder = new RequestRecorder();
    /** Replicated automated backups and the point-in-time restore from them, which moto does not model (its javadoc). */
    private final ReplicatedBackupsStandIn replicated = new ReplicatedBackupsStandIn();
    private final MotoRds rds = new MotoRds(MOTO, recorder, replicated);
    private String key;
    /** Each step runs as its function's deployed role. */
    private final DeployedFunctions deployed = new DeployedFunctions(MOTO, rds, () -> Deployment.of("eu-central-1", "eu-west-1",
            key));

    @AfterEach
    void close() {
        try {
            deployed.close();
        } finally {
            rds.close();
        }
    }

    /** An isolated network in the recovery region: a VPC, two subnets, a DB subnet group, a security group. */
    private String[] isolatedNetwork() {
        try (Ec2Client ec2 = Ec2Client.builder().region(Region.EU_WEST_1).endpointOverride(MOTO.endpoint())
                .credentialsProvider(CREDENTIALS).build()) {
            String vpc = ec2.createVpc(r -> r.cidrBlock("10.42.0.0/16")).vpc().vpcId();
            String a = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.42.1.0/24").availabilityZone("eu-west-1a")).subnet().subnetId();
            String b = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.42.2.0/24").availabilityZone("eu-west-1b")).subnet().subnetId();
            String sg = ec2.createSecurityGroup(r -> r.vpcId(vpc).groupName("restored-db").description("verifier only")).groupId();
            rds.apply("eu-west-1").createDBSubnetGroup(r -> r.dbSubnetGroupName("restore-drill-isolated")
                    .dbSubnetGroupDescription("isolated").subnetIds(a, b));
            return new String[] {sg};
        }
    }

    private DrillState copied(String subnetGroup, String securityGroup) {
        rds.createPostgresInstance("eu-central-1", "shop-prod");
        key = rds.createKmsKey("eu-west-1");
        String input = Events.read("plan.json")
                .replace("arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555", key)
                .replace("\"restore-drill-isolated\"", "\"" + subnetGroup + "\"")
                .replace("sg-0restoreddb00000001", securityGroup);
        DrillState planned = new PlanStep(deployed.as("Plan"), CLOCK).plan(new InputParser(DrillDefaults.fromEnvironment(Map.of()), CLOCK).parse(input));
        return new CopyStep(deployed.as("Copy"), CLOCK).copy(new SnapshotStep(deployed.as("Snapshot"),
                deployed.as("Snapshot").backup(), CLOCK).snapshot(planned));
    }

    @Test
    void theCopyIsRestoredPrivatelyIntoTheIsolatedSubnetGroupWithTheDrillsTagsAndCleanedUp() {
        // GIVEN a copied snapshot and the isolated network
        String securityGroup = isolatedNetwork()[0];
        DrillState state = copied("restore-drill-isolated", securityGroup);

        // WHEN Restore runs
        new RestoreStep(deployed.as("Restore"), CLOCK).restore(state);

        // THEN the exact request asks for a private, single-AZ, unprotected instance of the cheap class in the
        // isolated subnet group and security group, from the recovery-region copy, tagged as the drill's
        List<RestoreDbInstanceFromDbSnapshotRequest> sent = recorder.sent(RestoreDbInstanceFromDbSnapshotRequest.class);
        assertThat(sent).hasSize(1);
        RestoreDbInstanceFromDbSnapshotRequest request = sent.get(0);
        assertThat(request.dbInstanceIdentifier()).isEqualTo(state.names().restored());
        assertThat(request.dbSnapshotIdentifier()).isEqualTo(state.names().copy());
        assertThat(request.dbInstanceClass()).isEqualTo("db.t4g.medium");
        assertThat(request.dbSubnetGroupName()).isEqualTo("restore-drill-isolated");
        assertThat(request.vpcSecurityGroupIds()).containsExactly(securityGroup);
        assertThat(request.publiclyAccessible()).isFalse();
        assertThat(request.multiAZ()).isFalse();
        assertThat(request.deletionProtection()).isFalse();
        assertThat(RdsTags.of(state.tags())).isEqualTo(request.tags());
        // AND the emulator holds it in that subnet group with those tags (moto does not echo PubliclyAccessible
        // back for restored instances, so the request above is the proof of that flag)
        DBInstance restored = rds.apply("eu-west-1").describeDBInstances(r -> r.dbInstanceIdentifier(state.names().restored()))
                .dbInstances().get(0);
        assertThat(restored.dbSubnetGroup().dbSubnetGroupName()).isEqualTo("restore-drill-isolated");
        assertThat(RdsTags.read(rds.apply("eu-west-1"), restored.dbInstanceArn())).containsEntry(DrillTags.DRILL_ID, state.drillId());
        // AND a retried Restore finds its own instance
        new RestoreStep(deployed.as("Restore"), CLOCK).restore(state);

        // WHEN Cleanup runs THEN the restored instance and both snapshots are gone; the source stays
        assertThat(new CleanupStep(deployed.as("Cleanup"), deployed.as("Cleanup").secrets(), CLOCK).cleanup(state).progress().cleanup().deleted()).containsExactlyInAnyOrder(
                "instance " + state.names().restored(), "snapshot " + state.names().copy(),
                "snapshot " + state.names().snapshot());
        assertThat(rds.apply("eu-west-1").describeDBInstances().dbInstances()).isEmpty();
        assertThat(rds.apply("eu-central-1").describeDBInstances().dbInstances()).hasSize(1);
    }

    @Test
    void aMissingSubnetGroupIsARestoreFailureThatNamesIt() {
        // GIVEN the deployment's subnet group missing (the recovery-region stack not deployed, or its network deleted)
        DrillState state = copied("restore-drill-isolated", "sg-1");

        assertThatThrownBy(() -> new RestoreStep(deployed.as("Restore"), CLOCK).restore(state))
                .isInstanceOf(RestoreFailedException.class)
                .hasMessageContaining("DB subnet group 'restore-drill-isolated' does not exist in eu-west-1");
        assertThat(rds.apply("eu-west-1").describeDBInstances().dbInstances()).isEmpty();
    }

    /**
     * A point-in-time drill planned against the source's backups replicated to eu-west-1 (restorable until
     * {@code latest}); the data RDS would restore is, on the emulator, a copy of a snapshot of the source there.
     */
    private DrillState plannedPointInTime(String securityGroup, String restoreTime, java.time.Instant latest) {
        rds.createPostgresInstance("eu-central-1", "shop-prod");
        key = rds.createKmsKey("eu-west-1");
        rds.apply("eu-central-1").createDBSnapshot(r -> r.dbInstanceIdentifier("shop-prod").dbSnapshotIdentifier("shop-prod-data"));
        rds.apply("eu-west-1").copyDBSnapshot(r -> r.sourceDBSnapshotIdentifier("arn:aws:rds:eu-central-1:123456789012:snapshot:shop-prod-data")
                .targetDBSnapshotIdentifier("shop-prod-replicated-data").kmsKeyId(key).sourceRegion("eu-central-1"));
        String backups = replicated.replicating("arn:aws:rds:eu-central-1:123456789012:db:shop-prod", "eu-west-1",
                latest.minusSeconds(7 * 86_400), latest, "shop-prod-replicated-data");
        String input = Events.with(Events.with(Events.read("plan.json")
                .replace("arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555", key)
                .replace("sg-0restoreddb00000001", securityGroup), "snapshotMode", "PITR"), "restoreTime", restoreTime);
        DrillState planned = new PlanStep(deployed.as("Plan"), CLOCK).plan(new InputParser(DrillDefaults.fromEnvironment(Map.of()),
                CLOCK).parse(input));
        assertThat(planned.pointInTime().automatedBackupsArn()).isEqualTo(backups);
        return planned;
    }

    @Test
    void aPointInTimeDrillRestoresTheReplicatedBackupsToTheirLatestTimeIntoTheIsolatedNetworkAndRecordsThatTime() {
        // GIVEN a point-in-time drill of the source's replicated backups, restorable until four minutes before the drill
        String securityGroup = isolatedNetwork()[0];
        java.time.Instant latest = CLOCK.instant().minusSeconds(240);
        DrillState state = plannedPointInTime(securityGroup, null, latest);

        // WHEN Restore runs
        DrillState restored = new RestoreStep(deployed.as("Restore"), CLOCK).restore(state);

        // THEN the exact request restores those backups to their latest restorable time, with every setting of a snapshot
        // restore: the drill's name, the cheap class, the isolated subnet group and security group, private, single-AZ,
        // unprotected, no minor upgrades or tags copied to snapshots, the drill's tags
        List<RestoreDbInstanceToPointInTimeRequest> sent = recorder.sent(RestoreDbInstanceToPointInTimeRequest.class);
        assertThat(sent).hasSize(1);
        RestoreDbInstanceToPointInTimeRequest request = sent.get(0);
        assertThat(request.sourceDBInstanceAutomatedBackupsArn()).isEqualTo(state.pointInTime().automatedBackupsArn());
        assertThat(request.useLatestRestorableTime()).isTrue();
        assertThat(request.restoreTime()).isNull();
        assertThat(request.sourceDBInstanceIdentifier()).isNull();
        assertThat(request.targetDBInstanceIdentifier()).isEqualTo(state.names().restored());
        assertThat(request.dbInstanceClass()).isEqualTo("db.t4g.medium");
        assertThat(request.dbSubnetGroupName()).isEqualTo("restore-drill-isolated");
        assertThat(request.vpcSecurityGroupIds()).containsExactly(securityGroup);
        assertThat(request.publiclyAccessible()).isFalse();
        assertThat(request.multiAZ()).isFalse();
        assertThat(request.deletionProtection()).isFalse();
        assertThat(request.autoMinorVersionUpgrade()).isFalse();
        assertThat(request.copyTagsToSnapshot()).isFalse();
        assertThat(request.tags()).isEqualTo(RdsTags.of(state.tags()));
        // AND the drill records the latest restorable time it read just before asking: the report's restore point
        assertThat(restored.progress().restoredTo()).isEqualTo(latest);
        assertThat(restored.progress().snapshotArn()).isNull();
        assertThat(restored.progress().copyArn()).isNull();
        // AND the instance is in the isolated subnet group with the drill's tags
        DBInstance instance = rds.apply("eu-west-1").describeDBInstances(r -> r.dbInstanceIdentifier(state.names().restored()))
                .dbInstances().get(0);
        assertThat(instance.dbSubnetGroup().dbSubnetGroupName()).isEqualTo("restore-drill-isolated");
        assertThat(RdsTags.read(rds.apply("eu-west-1"), instance.dbInstanceArn())).containsEntry(DrillTags.DRILL_ID, state.drillId());
        // AND a retried Restore finds its own instance
        new RestoreStep(deployed.as("Restore"), CLOCK).restore(state);
        assertThat(rds.apply("eu-west-1").describeDBInstances().dbInstances()).hasSize(1);
    }

    @Test
    void aPointInTimeDrillToAGivenTimeSendsThatTimeAndRecordsIt() {
        String securityGroup = isolatedNetwork()[0];
        DrillState state = plannedPointInTime(securityGroup, "2026-11-22T01:30:00Z", CLOCK.instant().minusSeconds(300));

        DrillState restored = new RestoreStep(deployed.as("Restore"), CLOCK).restore(state);

        RestoreDbInstanceToPointInTimeRequest request = recorder.sent(RestoreDbInstanceToPointInTimeRequest.class).get(0);
        assertThat(request.restoreTime()).isEqualTo(java.time.Instant.parse("2026-11-22T01:30:00Z"));
        assertThat(request.useLatestRestorableTime()).isNull();
        assertThat(request.sourceDBInstanceAutomatedBackupsArn()).isEqualTo(state.pointInTime().automatedBackupsArn());
        assertThat(restored.progress().restoredTo()).isEqualTo(java.time.Instant.parse("2026-11-22T01:30:00Z"));
    }
}
