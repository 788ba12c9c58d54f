package io.restoredrill.aws.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restoredrill.aws.Events;
import io.restoredrill.aws.drill.PointInTime;
import io.restoredrill.aws.drill.SnapshotMode;
import io.restoredrill.aws.drill.SourceKind;
import io.restoredrill.aws.handler.PlanHandler;
import io.restoredrill.aws.state.DrillState;
import io.restoredrill.aws.testing.DeployedFunctions;
import io.restoredrill.aws.testing.DeployedRoles.Deployment;
import io.restoredrill.aws.testing.MotoRds;
import io.restoredrill.aws.testing.ReplicatedBackupsStandIn;
import io.restoredrill.core.error.PointInTimeUnsupportedException;
import io.restoredrill.core.error.ReplicatedBackupsMissingException;
import io.restoredrill.core.error.RestoreTimeOutsideWindowException;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.error.SourceNotFoundException;
import io.restoredrill.core.error.UnsafeTargetException;
import io.restoredrill.core.error.UnsupportedEngineException;
import io.restoredrill.core.json.Json;
import io.restoredrill.testing.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.rds.RdsClient;

/** Plan against RDS on the moto emulator: it reads and names, and never creates anything. */
class PlanStepTest {

    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T04:00:00Z"), ZoneOffset.UTC);
    private static final DrillDefaults DEFAULTS = DrillDefaults.fromEnvironment(Map.of(
            "SOURCE_REGION", "eu-central-1", "AWS_REGION", "eu-west-1",
            "RESTORE_SUBNET_GROUP", "restore-drill-isolated", "RESTORE_SECURITY_GROUP_IDS", "sg-0restoreddb00000001"));

    /** Replicated automated backups in the recovery region, which moto does not model (see its javadoc). */
    private final ReplicatedBackupsStandIn replicated = new ReplicatedBackupsStandIn();
    private final MotoRds moto = new MotoRds(MOTO, replicated);
    private final InputParser parser = new InputParser(DEFAULTS, CLOCK);
    /** Plan runs as its deployed role. */
    private final DeployedFunctions deployed = new DeployedFunctions(MOTO, moto, () -> Deployment.of("eu-central-1", "eu-west-1",
            "arn:aws:kms:eu-west-1:123456789012:key/any"));
    private final PlanStep plan = new PlanStep(region -> deployed.as("Plan").apply(region), CLOCK);

    private RdsClient rds(String region) {
        return moto.apply(region);
    }

    @AfterEach
    void closeClients() {
        try {
            deployed.close();
        } finally {
            moto.close();
        }
    }

    private void createInstance(String id, String engine) {
        rds("eu-central-1").createDBInstance(r -> r.dbInstanceIdentifier(id).engine(engine).dbInstanceClass("db.t4g.medium")
                .masterUsername("admin").masterUserPassword("not-used-1").allocatedStorage(20));
    }

    private int resourcesInRecoveryRegion() {
        RdsClient recovery = rds("eu-west-1");
        return recovery.describeDBInstances().dbInstances().size() + recovery.describeDBSnapshots().dbSnapshots().size()
                + recovery.describeDBClusters().dbClusters().size();
    }

    @Test
    void thePlanHandlerResolvesAnRdsInstanceFromTheSampleInputAndNamesEverythingTheDrillWillCreate() throws Exception {
        // GIVEN the source of the sample input, an RDS for PostgreSQL instance in the source region
        createInstance("shop-prod", "postgres");

        // WHEN the Plan handler gets the sample event
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PlanHandler(parser, plan).handleRequest(
                new ByteArrayInputStream(Events.read("plan.json").getBytes(StandardCharsets.UTF_8)), out, null);
        DrillState state = Json.mapper().readValue(out.toByteArray(), DrillState.class);

        // THEN the state describes the source and names every drill resource after it and the drill id
        assertThat(state.source().kind()).isEqualTo(SourceKind.INSTANCE);
        assertThat(state.source().engine()).isEqualTo("postgres");
        assertThat(state.source().arn()).isEqualTo("arn:aws:rds:eu-central-1:123456789012:db:shop-prod");
        assertThat(state.drillId()).startsWith("20261122-040000-");
        assertThat(state.names().restored()).isEqualTo("drill-shop-prod-" + state.drillId());
        assertThat(state.names().copy()).isEqualTo("drill-shop-prod-" + state.drillId() + "-copy");
        assertThat(state.names().secret()).isEqualTo("restore-drill/shop-prod/" + state.drillId());
        assertThat(state.expiresAt()).isEqualTo(Instant.parse("2026-11-22T16:00:00Z"));
        // AND it holds no secret, and Plan created nothing
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContainIgnoringCase("password");
        assertThat(resourcesInRecoveryRegion()).isZero();
    }

    @Test
    void anAuroraPostgresClusterIsResolvedAsACluster() {
        rds("eu-central-1").createDBCluster(r -> r.dbClusterIdentifier("ledger").engine("aurora-postgresql")
                .masterUsername("admin").masterUserPassword("not-used-1"));

        DrillState state = plan.plan(parser.parse("{\"source\": \"ledger\"}"));

        assertThat(state.source().kind()).isEqualTo(SourceKind.CLUSTER);
        assertThat(state.source().engine()).isEqualTo("aurora-postgresql");
    }

    @Test
    void anUnknownSourceIsNamedWithItsRegion() {
        assertThatThrownBy(() -> plan.plan(parser.parse("{\"source\": \"nowhere\"}")))
                .isInstanceOf(SourceNotFoundException.class)
                .hasMessage("No RDS DB instance or Aurora cluster named 'nowhere' in eu-central-1; check 'source' and 'sourceRegion'.");
    }

    @Test
    void aMysqlSourceIsRefusedAsAnUnsupportedEngine() {
        createInstance("legacy", "mysql");

        assertThatThrownBy(() -> plan.plan(parser.parse("{\"source\": \"legacy\"}")))
                .isInstanceOf(UnsupportedEngineException.class)
                .hasMessageContaining("runs engine 'mysql'");
    }

    @Test
    void anAuroraMemberInstanceIsRefusedWithTheClusterToNameInstead() {
        rds("eu-central-1").createDBCluster(r -> r.dbClusterIdentifier("ledger").engine("aurora-postgresql")
                .masterUsername("admin").masterUserPassword("not-used-1"));
        rds("eu-central-1").createDBInstance(r -> r.dbInstanceIdentifier("ledger-1").engine("aurora-postgresql")
                .dbInstanceClass("db.r6g.large").dbClusterIdentifier("ledger"));

        assertThatThrownBy(() -> plan.plan(parser.parse("{\"source\": \"ledger-1\"}")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("set 'source' to 'ledger'");
    }

    @Test
    void aNameAlreadyTakenByAResourceTheDrillDoesNotOwnIsRefusedAndNothingIsTouched() {
        // GIVEN an untagged instance in the recovery region that happens to carry the name the drill would use
        createInstance("shop-prod", "postgres");
        rds("eu-west-1").createDBInstance(r -> r.dbInstanceIdentifier("drill-shop-prod-20261122-aaaa").engine("postgres")
                .dbInstanceClass("db.t4g.medium").masterUsername("admin").masterUserPassword("not-used-1").allocatedStorage(20));

        // WHEN a drill with that id is planned
        // THEN Plan refuses, naming the resource and why, and the foreign instance is untouched
        assertThatThrownBy(() -> plan.plan(parser.parse("{\"source\": \"shop-prod\", \"drillId\": \"20261122-aaaa\"}")))
                .isInstanceOf(UnsafeTargetException.class)
                .hasMessageContaining("'drill-shop-prod-20261122-aaaa' already exists in eu-west-1 and is not this drill's")
                .hasMessageContaining("no restore-drill:managed tag");
        assertThat(rds("eu-west-1").describeDBInstances().dbInstances()).singleElement()
                .extracting(i -> i.dbInstanceStatus()).isEqualTo("available");
    }

    @Test
    void whenTheSourceRegionIsDownPlanDoesNotCallIt() {
        // GIVEN no source exists anywhere (the source region cannot be asked)
        // WHEN the drill is planned with sourceRegionDown
        DrillState state = plan.plan(parser.parse(
                "{\"source\": \"shop-prod\", \"sourceRegionDown\": true, \"database\": \"shop\"}"));

        // THEN the plan stands on the input alone
        assertThat(state.sourceRegionDown()).isTrue();
        assertThat(state.source().identifier()).isEqualTo("shop-prod");
        assertThat(state.source().kind()).isNull();
        assertThat(state.database()).isEqualTo("shop");
    }

    @Test
    void whenTheSourceRegionIsDownTheDatabaseMustBeNamedOrTheDrillWouldVerifyAnEmptyOne() {
        // GIVEN a region-down input without 'database' (the source cannot be asked for its database name)
        // WHEN it is parsed
        // THEN it is refused before anything runs, naming the field; otherwise Verify would check the
        // empty default database and pass a drill that verified nothing
        assertThatThrownBy(() -> parser.parse("{\"source\": \"shop-prod\", \"sourceRegionDown\": true}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Field 'database' is missing: with 'sourceRegionDown' the source cannot be asked which "
                        + "database to verify; give the source's database name.");
    }

    private static final String SOURCE_ARN = "arn:aws:rds:eu-central-1:123456789012:db:shop-prod";
    private static final Instant EARLIEST = Instant.parse("2026-11-15T04:10:00Z");
    private static final Instant LATEST = Instant.parse("2026-11-22T03:55:00Z");

    @Test
    void aPointInTimeDrillPicksTheSourcesReplicatingBackupInTheRecoveryRegionAndItsWindow() {
        // GIVEN the source instance, whose automated backups are replicated to the recovery region (restorable until five
        // minutes ago); next to them the retained backups of an earlier, deleted instance of the same name, the replicated
        // backups of another source, and backups of the same name replicated from a third region
        createInstance("shop-prod", "postgres");
        replicated.add(SOURCE_ARN, "eu-west-1", "retained", EARLIEST.minusSeconds(86_400 * 30),
                LATEST.minusSeconds(86_400 * 20), "unused");
        String backups = replicated.replicating(SOURCE_ARN, "eu-west-1", EARLIEST, LATEST, "unused");
        replicated.replicating("arn:aws:rds:eu-central-1:123456789012:db:billing", "eu-west-1", EARLIEST, LATEST, "unused");
        replicated.replicating("arn:aws:rds:us-east-1:123456789012:db:shop-prod", "eu-west-1", EARLIEST,
                LATEST.plusSeconds(60), "unused");

        // WHEN a point-in-time drill of it is planned, to the latest restorable time and to a time in the window
        DrillState latest = plan.plan(parser.parse("{\"source\": \"shop-prod\", \"snapshotMode\": \"pitr\"}"));
        DrillState chosen = plan.plan(parser.parse(
                "{\"source\": \"shop-prod\", \"snapshotMode\": \"PITR\", \"restoreTime\": \"2026-11-21T12:00:00+01:00\"}"));

        // THEN both restore the replicating backups of this source from its own region, with the window Plan read
        assertThat(latest.snapshotMode()).isEqualTo(SnapshotMode.PITR);
        assertThat(latest.pointInTime()).isEqualTo(new PointInTime(backups, null, EARLIEST, LATEST));
        assertThat(chosen.pointInTime()).isEqualTo(new PointInTime(backups, Instant.parse("2026-11-21T11:00:00Z"),
                EARLIEST, LATEST));
        // AND they skip Snapshot and Copy, and Plan created nothing
        assertThat(latest.skipsSnapshotAndCopy()).isTrue();
        assertThat(resourcesInRecoveryRegion()).isZero();
    }

    @Test
    void aSourceWithoutReplicatedBackupsIsRefusedSayingHowToTurnReplicationOn() {
        // GIVEN the source, whose backups are not replicated to the recovery region (only a deleted instance's are kept)
        createInstance("shop-prod", "postgres");
        replicated.add(SOURCE_ARN, "eu-west-1", "retained", EARLIEST, LATEST, "unused");

        // WHEN a point-in-time drill of it is planned THEN Plan refuses, naming the source, the region and the remedy
        assertThatThrownBy(() -> plan.plan(parser.parse("{\"source\": \"shop-prod\", \"snapshotMode\": \"PITR\"}")))
                .isInstanceOf(ReplicatedBackupsMissingException.class)
                .hasMessageStartingWith("No replicated automated backup of 'shop-prod' (eu-central-1) with a restore window"
                        + " is in eu-west-1: cross-region replication of its automated backups is not on")
                .hasMessageContaining("\"pitr\": {\"retentionDays\": N}")
                .hasMessageContaining("aws rds start-db-instance-automated-backups-replication --region eu-west-1");
        assertThat(resourcesInRecoveryRegion()).isZero();
    }

    @Test
    void aRestoreTimeOutsideTheReplicatedBackupsWindowIsRefusedQuotingTheWindow() {
        createInstance("shop-prod", "postgres");
        replicated.replicating(SOURCE_ARN, "eu-west-1", EARLIEST, LATEST, "unused");

        // a time after the latest restorable time (but not in the future), and one before the earliest
        assertThatThrownBy(() -> plan.plan(parser.parse("{\"source\": \"shop-prod\", \"snapshotMode\": \"PITR\","
                + " \"restoreTime\": \"2026-11-22T03:58:00Z\"}")))
                .isInstanceOf(RestoreTimeOutsideWindowException.class)
                .hasMessage("Field 'restoreTime' = 2026-11-22T03:58:00Z is outside the restore window of the replicated"
                        + " automated backups of 'shop-prod' in eu-west-1, 2026-11-15T04:10:00Z to 2026-11-22T03:55:00Z; give a"
                        + " time inside it, or leave 'restoreTime' out for the latest restorable time.");
        assertThatThrownBy(() -> plan.plan(parser.parse("{\"source\": \"shop-prod\", \"snapshotMode\": \"PITR\","
                + " \"restoreTime\": \"2026-11-01T00:00:00Z\"}")))
                .isInstanceOf(RestoreTimeOutsideWindowException.class);
    }

    @Test
    void anAuroraClusterIsRefusedAPointInTimeDrillNamingTheClosestDrillThatWorks() {
        rds("eu-central-1").createDBCluster(r -> r.dbClusterIdentifier("ledger").engine("aurora-postgresql")
                .masterUsername("admin").masterUserPassword("not-used-1"));

        assertThatThrownBy(() -> plan.plan(parser.parse("{\"source\": \"ledger\", \"snapshotMode\": \"PITR\"}")))
                .isInstanceOf(PointInTimeUnsupportedException.class)
                .hasMessageContaining("'ledger' is an Aurora cluster")
                .hasMessageContaining("snapshotMode LATEST_RECOVERY_POINT")
                .hasMessageContaining("Aurora Global Database");
    }

    @Test
    void withTheSourceRegionDownAPointInTimeDrillFindsTheBackupsByTheSourcesNameAndRegion() {
        // GIVEN no source can be asked, and its backups replicated to the recovery region
        String backups = replicated.replicating(SOURCE_ARN, "eu-west-1", EARLIEST, LATEST, "unused");

        DrillState state = plan.plan(parser.parse("{\"source\": \"shop-prod\", \"snapshotMode\": \"PITR\","
                + " \"sourceRegionDown\": true, \"database\": \"shop\"}"));

        assertThat(state.sourceRegionDown()).isTrue();
        assertThat(state.pointInTime().automatedBackupsArn()).isEqualTo(backups);
    }
}
