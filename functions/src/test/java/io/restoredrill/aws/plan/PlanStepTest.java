package io.restoredrill.aws.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restoredrill.aws.Events;
import io.restoredrill.aws.drill.SourceKind;
import io.restoredrill.aws.handler.PlanHandler;
import io.restoredrill.aws.state.DrillState;
import io.restoredrill.aws.testing.DeployedFunctions;
import io.restoredrill.aws.testing.DeployedRoles.Deployment;
import io.restoredrill.aws.testing.MotoRds;
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

    private final MotoRds moto = new MotoRds(MOTO);
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
}
