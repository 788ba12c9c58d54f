package io.restoredrill.aws.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restoredrill.aws.Events;
import io.restoredrill.aws.drill.RestoreTarget;
import io.restoredrill.aws.drill.SnapshotMode;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.error.SuiteFileInvalidException;
import io.restoredrill.core.model.Phase;
import io.restoredrill.core.verify.suite.SuiteLoader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InputParserTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T04:00:00Z"), ZoneOffset.UTC);
    private static final DrillDefaults DEFAULTS = DrillDefaults.fromEnvironment(Map.of(
            "SOURCE_REGION", "eu-central-1", "AWS_REGION", "eu-west-1",
            "RESTORE_SUBNET_GROUP", "restore-drill-isolated", "RESTORE_SECURITY_GROUP_IDS", "sg-1, sg-2"));

    private static final DrillDefaults DEPLOYED = DrillDefaults.fromEnvironment(Map.of("SOURCE_REGION", "eu-central-1",
            "AWS_REGION", "eu-west-1", "RESTORE_SUBNET_GROUP", "restore-drill-isolated", "RESTORE_SECURITY_GROUP_IDS",
            "sg-1,sg-2", "RECOVERY_KMS_KEY_ID", "alias/restore-drill/snapshots", "RECOVERY_VAULT", "restore-drill-recovery"));

    private final InputParser parser = new InputParser(DEFAULTS, CLOCK);

    @Test
    void theSampleManualInputParsesWithEveryFieldAsWritten() {
        // WHEN the sample execution input from events/ is parsed (by the deployment it was written for)
        DrillRequest request = new InputParser(DrillDefaults.fromEnvironment(Map.of("AWS_REGION", "eu-west-1",
                "RESTORE_SECURITY_GROUP_IDS", "sg-0restoreddb00000001")), CLOCK).parse(Events.read("plan.json"));

        // THEN every field is taken as written and a drill id is generated from the clock
        assertThat(request.source()).isEqualTo("shop-prod");
        assertThat(request.snapshotMode()).isEqualTo(SnapshotMode.NEW);
        assertThat(request.restore()).isEqualTo(new RestoreTarget("db.t4g.medium", "restore-drill-isolated",
                List.of("sg-0restoreddb00000001"),
                "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"));
        assertThat(request.budgets().rto()).isEqualTo(Duration.ofHours(1));
        assertThat(request.budgets().budgetOf(Phase.RESTORE)).isEqualTo(Duration.ofMinutes(45));
        assertThat(request.ttl()).isEqualTo(Duration.ofHours(12));
        assertThat(request.drillId()).startsWith("20261122-040000-");
    }

    @Test
    void aMinimalInputTakesItsDefaultsFromTheEnvironment() {
        DrillRequest request = parser.parse("{\"source\": \"shop-prod\"}");

        assertThat(request.sourceRegion()).isEqualTo("eu-central-1");
        assertThat(request.recoveryRegion()).isEqualTo("eu-west-1");
        assertThat(request.restore().instanceClass()).isEqualTo("db.t4g.medium");
        assertThat(request.restore().securityGroupIds()).containsExactly("sg-1", "sg-2");
        assertThat(request.budgets().rto()).isEqualTo(Duration.ofHours(1));
        assertThat(request.dryRun()).isFalse();
    }

    @Test
    void phaseBudgetsComeFromTheEnvironmentUnlessTheInputNamesItsOwn() {
        InputParser withBudgets = new InputParser(DrillDefaults.fromEnvironment(Map.of("SOURCE_REGION", "eu-central-1",
                "RECOVERY_REGION", "eu-west-1", "RESTORE_SUBNET_GROUP", "isolated", "RESTORE_SECURITY_GROUP_IDS", "sg-1",
                "PHASE_BUDGETS", "verify=10m, restore=45m")), CLOCK);

        DrillRequest defaulted = withBudgets.parse("{\"source\": \"shop-prod\"}");
        DrillRequest own = withBudgets.parse("{\"source\": \"shop-prod\", \"budgets\": {\"phases\": {\"verify\": \"3m\"}}}");

        assertThat(defaulted.budgets().budgetOf(Phase.VERIFY)).isEqualTo(Duration.ofMinutes(10));
        assertThat(defaulted.budgets().budgetOf(Phase.RESTORE)).isEqualTo(Duration.ofMinutes(45));
        assertThat(own.budgets().budgetOf(Phase.VERIFY)).isEqualTo(Duration.ofMinutes(3));
        assertThat(own.budgets().budgetOf(Phase.RESTORE)).isNull();
    }

    @Test
    void aSuiteInTheInputIsValidatedAsASuiteFileAndCarriedToVerifyAsJson() {
        // WHEN an input gives a suite and an RPO budget
        DrillRequest request = parser.parse("{\"source\": \"shop-prod\", \"budgets\": {\"rpo\": \"26h\"}, \"suite\":"
                + " {\"rowCount\": [{\"table\": \"public.orders\", \"min\": 1000}],"
                + " \"freshness\": [{\"table\": \"public.orders\", \"column\": \"placed_at\", \"maxLag\": \"26h\"}]}}");

        // THEN the suite travels as compact JSON that parses to the same rules, and the RPO budget is set
        assertThat(request.suite()).isEqualTo("{\"rowCount\":[{\"table\":\"public.orders\",\"min\":1000}],"
                + "\"freshness\":[{\"table\":\"public.orders\",\"column\":\"placed_at\",\"maxLag\":\"26h\"}]}");
        assertThat(SuiteLoader.parse(request.suite(), "test").rowCount()).hasSize(1);
        assertThat(request.budgets().rpo()).isEqualTo(Duration.ofHours(26));
        assertThat(parser.parse("{\"source\": \"shop-prod\"}").suite()).as("no suite: the default checks").isNull();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "{\"source\": \"shop\", \"suite\": [1, 2]}                         | Field 'suite' must be a suite",
        "{\"source\": \"shop\", \"suite\": {\"rowcount\": []}}              | unknown field 'rowcount'",
        "{\"source\": \"shop\", \"suite\": {\"rowCount\": [{\"min\": 1}]}} | Suite file 'suite'",
        "{\"source\": \"shop\", \"suite\": {\"programs\": [{\"name\": \"audit\", \"command\": \"./audit\"}]}} | Field 'suite.programs' names programs",
    })
    void aSuiteThatIsNotOneOrThatNamesProgramsIsRefusedByName(String json, String message) {
        assertThatThrownBy(() -> parser.parse(json))
                .isInstanceOf(SuiteFileInvalidException.class)
                .hasMessageContaining(message);
    }

    @Test
    void aSuiteNamedByKeyIsCarriedToPlanWhichReadsIt() {
        DrillRequest request = parser.parse("{\"source\": \"shop-prod\", \"suiteKey\": \"shop-prod/checks.yaml\"}");
        assertThat(request.suiteKey()).isEqualTo("shop-prod/checks.yaml");
        assertThat(request.suite()).isNull();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "{\"source\": \"shop\", \"suiteKey\": \"a.yaml\", \"suite\": {\"tables\": [\"t\"]}} | Fields 'suite' and 'suiteKey' both give a suite",
        "{\"source\": \"shop\", \"suiteKey\": \"../reports/shop/x.json\"}                    | Field 'suiteKey' = '../reports/shop/x.json' must be the key",
        "{\"source\": \"shop\", \"suiteKey\": \"/etc/passwd\"}                               | Field 'suiteKey' = '/etc/passwd' must be the key",
        "{\"source\": \"shop\", \"suiteKey\": \"a b.yaml\"}                                  | Field 'suiteKey' = 'a b.yaml' must be the key",
    })
    void aSuiteKeyOutsideSuitesOrBesideAnInlineSuiteIsRefused(String json, String message) {
        assertThatThrownBy(() -> parser.parse(json))
                .isInstanceOf(io.restoredrill.core.error.InvalidInputException.class)
                .hasMessageContaining(message);
    }

    @Test
    void aSuiteTooLargeForTheDrillStateIsRefused() {
        String rules = java.util.stream.IntStream.range(0, 1500).mapToObj(i -> "{\"table\": \"public.t" + i
                + "\", \"min\": 1}").collect(java.util.stream.Collectors.joining(", "));
        assertThatThrownBy(() -> parser.parse("{\"source\": \"shop\", \"suite\": {\"rowCount\": [" + rules + "]}}"))
                .isInstanceOf(SuiteFileInvalidException.class)
                .hasMessageContaining("so keep it under 32 KB");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "''                                                   | The execution input is empty",
        "{                                                    | The execution input is not valid JSON",
        "{}                                                   | Field 'source' is missing",
        "{\"source\": \"shop\", \"sorce\": 1}                 | Unknown field 'sorce'",
        "{\"source\": \"shop\", \"dryRun\": \"maybe\"}        | Field 'dryRun' of the execution input has the wrong type",
        "{\"source\": \"shop\", \"restore\": {\"securityGroupIds\": \"sg-1\"}} | Field 'restore.securityGroupIds' of the execution input has the wrong type",
        "{\"source\": \"shop_prod!\"}                         | is not an RDS DB instance or cluster identifier",
        "{\"source\": \"shop\", \"recoveryRegion\": \"eu-central-1\"} | are both eu-central-1",
        "{\"source\": \"shop\", \"recoveryRegion\": \"mars-1\"} | 'recoveryRegion' = 'mars-1' is not an AWS region",
        "{\"source\": \"shop\", \"snapshotMode\": \"SOMETIME\"} | is not one of NEW, LATEST_AUTOMATED, LATEST_RECOVERY_POINT, EXISTING, RESTORE_TEST, PITR",
        "{\"source\": \"shop\", \"snapshotMode\": \"EXISTING\"} | snapshotMode EXISTING needs 'snapshotArn'",
        "{\"source\": \"shop\", \"snapshotArn\": \"arn:aws:rds:eu-central-1:123456789012:snapshot:x\"} | applies only to snapshotMode EXISTING",
        "{\"source\": \"shop\", \"budgets\": {\"rto\": \"soon\"}} | budgets.rto: 'soon' is not a positive duration",
        "{\"source\": \"shop\", \"budgets\": {\"phases\": {\"restore\": \"never\"}}} | budgets.phases.restore: 'never' is not a positive duration",
        "{\"source\": \"shop\", \"budgets\": {\"phases\": {\"nap\": \"5m\"}}} | unknown phase 'nap'",
        "{\"source\": \"shop\", \"restore\": {\"instanceClass\": \"m5.large\"}} | is not an RDS instance class",
        "{\"source\": \"shop\", \"drillId\": \"Has Spaces\"}  | must be 3 to 41 lower-case letters",
        "{\"source\": \"shop\", \"budgets\": {\"rpo\": \"a day\"}} | budgets.rpo: 'a day' is not a positive duration",
        "{\"source\": \"shop\", \"restoreTime\": \"2026-11-21T10:00:00Z\"} | Field 'restoreTime' applies only to snapshotMode PITR, not NEW",
        "{\"source\": \"shop\", \"snapshotMode\": \"PITR\", \"restoreTime\": \"yesterday\"} | Field 'restoreTime' = 'yesterday' is not an ISO-8601 time with a zone",
        "{\"source\": \"shop\", \"snapshotMode\": \"PITR\", \"restoreTime\": \"2026-11-21T10:00:00\"} | is not an ISO-8601 time with a zone",
        "{\"source\": \"shop\", \"snapshotMode\": \"PITR\", \"restoreTime\": \"2026-11-22T04:00:01Z\"} | Field 'restoreTime' = 2026-11-22T04:00:01Z is in the future",
        "{\"source\": \"shop\", \"snapshotMode\": \"LATEST_AUTOMATED\", \"sourceRegionDown\": true, \"database\": \"shop\"} | it cannot be combined with snapshotMode LATEST_AUTOMATED",
    })
    void badInputFailsWithANamedErrorThatSaysWhichField(String json, String message) {
        assertThatThrownBy(() -> parser.parse(json))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "recoveryVault            | {\"recoveryVault\": \"team-vault\"}                       | team-vault",
        "restore.subnetGroup      | {\"restore\": {\"subnetGroup\": \"default\"}}            | default",
        "restore.securityGroupIds | {\"restore\": {\"securityGroupIds\": [\"sg-1\", \"sg-open\"]}} | sg-open",
        "restore.kmsKeyId         | {\"restore\": {\"kmsKeyId\": \"alias/other\"}}           | alias/other",
    })
    void whatTheDeploymentFixesAnInputMayRepeatButNotChange(String field, String override, String other) {
        // GIVEN a deployment: its isolated subnet group and verifier-only security group, its key and vault (the
        // deployed roles and network allow only these; IAM cannot limit a restore's VPC security groups at all)
        InputParser deployed = new InputParser(DEPLOYED, CLOCK);
        String input = "{\"source\": \"shop\", " + override.substring(1);

        // WHEN / THEN an input changing one is refused in Plan, before any call, naming the field and the deployment's value
        assertThatThrownBy(() -> deployed.parse(input))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Field '" + field + "' differs from this deployment's")
                .hasMessageNotContaining(other);
        // AND an input repeating the deployment's values, or leaving them out, is accepted
        DrillRequest repeated = deployed.parse("{\"source\": \"shop\", \"recoveryVault\": \"restore-drill-recovery\","
                + " \"restore\": {\"subnetGroup\": \"restore-drill-isolated\", \"securityGroupIds\": [\"sg-2\", \"sg-1\"],"
                + " \"kmsKeyId\": \"alias/restore-drill/snapshots\"}}");
        RestoreTarget left = deployed.parse("{\"source\": \"shop\"}").restore();
        assertThat(repeated.recoveryVault()).isEqualTo("restore-drill-recovery");
        assertThat(repeated.restore().subnetGroup()).isEqualTo(left.subnetGroup()).isEqualTo("restore-drill-isolated");
        assertThat(repeated.restore().kmsKeyId()).isEqualTo(left.kmsKeyId()).isEqualTo("alias/restore-drill/snapshots");
        assertThat(repeated.restore().securityGroupIds()).containsExactlyInAnyOrderElementsOf(left.securityGroupIds())
                .containsExactlyInAnyOrder("sg-1", "sg-2");
    }

    private static final String RESTORE_TEST = "{\"source\": \"shop-prod\", \"snapshotMode\": \"RESTORE_TEST\", \"restoreTest\": {"
            + "\"restoreJobId\": \"7D1F2C3B-9A8E\", \"restoreTestingPlanArn\": "
            + "\"arn:aws:backup:eu-west-1:123456789012:restore-testing-plan:restore_drill_shop_prod-0b3c\", "
            + "\"createdResourceArn\": \"arn:aws:rds:eu-west-1:123456789012:db:awsbackup-restore-test-7d1f\", "
            + "\"recoveryPointArn\": \"arn:aws:rds:eu-west-1:123456789012:snapshot:awsbackup:copyjob-3c1f\"}}";

    @Test
    void aPointInTimeInputCarriesItsRestoreTimeAndMayRunWithTheSourceRegionDown() {
        // WHEN a point-in-time input with a time in another zone, and one to the latest time with the source region down,
        // are parsed
        DrillRequest chosen = parser.parse("{\"source\": \"shop\", \"snapshotMode\": \"pitr\","
                + " \"restoreTime\": \"2026-11-21T22:30:00-05:00\"}");
        DrillRequest latest = parser.parse("{\"source\": \"shop\", \"snapshotMode\": \"PITR\", \"sourceRegionDown\": true,"
                + " \"database\": \"shop\"}");

        // THEN the time is the instant it names, and no time means the latest restorable one
        assertThat(chosen.snapshotMode()).isEqualTo(SnapshotMode.PITR);
        assertThat(chosen.restoreTime()).isEqualTo(Instant.parse("2026-11-22T03:30:00Z"));
        assertThat(latest.restoreTime()).isNull();
        assertThat(latest.sourceRegionDown()).isTrue();
    }

    @Test
    void aRestoreTestInputCarriesItsJobIntoTheRequest() {
        DrillRequest request = parser.parse(RESTORE_TEST);

        assertThat(request.snapshotMode()).isEqualTo(SnapshotMode.RESTORE_TEST);
        assertThat(request.restoreTest().restoreJobId()).isEqualTo("7D1F2C3B-9A8E");
        assertThat(request.restoreTest().identifier()).isEqualTo("awsbackup-restore-test-7d1f");
        assertThat(request.restoreTest().cluster()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no job               | snapshotMode | RESTORE_TEST        | restoreTest                            | -",
        "job of another mode  | snapshotMode | NEW                 | applies only to snapshotMode RESTORE_TEST | x",
        "another region       | restoreTest.createdResourceArn | arn:aws:rds:eu-central-1:123456789012:db:awsbackup-restore-test-7d1f | not the recovery region eu-west-1 | x",
        "not a database       | restoreTest.createdResourceArn | arn:aws:rds:eu-west-1:123456789012:snapshot:x | not the ARN of an RDS DB instance or Aurora cluster | x",
        "not a plan           | restoreTest.restoreTestingPlanArn | arn:aws:backup:eu-west-1:123456789012:backup-plan:x | not the ARN of an AWS Backup restore testing plan | x",
        "bad job id           | restoreTest.restoreJobId | ../x | not an AWS Backup restore job id | x",
        "with keep            | keep | true | cannot be combined with 'sourceRegionDown', 'keep' or 'retainSnapshots' | x",
    })
    void aRestoreTestInputThatCannotBeTheValidatorsIsRefusedNamingTheField(String what, String field, String value,
                                                                          String message, String base) {
        String input = base.equals("-") ? "{\"source\": \"shop-prod\", \"snapshotMode\": \"RESTORE_TEST\"}"
                : Events.with(RESTORE_TEST, field, field.equals("keep") ? Boolean.TRUE : value);

        assertThatThrownBy(() -> parser.parse(input))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(message);
    }

    @Test
    void withoutASubnetGroupAnywhereTheDrillRefusesToGuess() {
        InputParser bare = new InputParser(DrillDefaults.fromEnvironment(Map.of("AWS_REGION", "eu-west-1")), CLOCK);

        assertThatThrownBy(() -> bare.parse("{\"source\": \"shop\", \"sourceRegion\": \"eu-central-1\"}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Field 'restore.subnetGroup' is missing from the execution input and has no default.");
    }
}
