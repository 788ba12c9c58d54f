package io.restoredrill.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import io.restoredrill.core.deployment.FunctionEnvironment;
import io.restoredrill.infra.config.DrillConfig;
import io.restoredrill.infra.config.DrillConfig.Source;
import io.restoredrill.infra.recovery.DrillInputs;
import io.restoredrill.infra.recovery.RecoveryRegionStack;
import io.restoredrill.infra.recovery.RestoreTests;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.assertions.Template;
import software.constructs.IConstruct;

/**
 * AWS Backup restore testing with Restore Drill as its validator. GIVEN the example, whose two sources have
 * {@code restoreTesting} (shop-prod an RDS instance, billing-aurora an Aurora cluster), THEN each has a restore testing
 * plan choosing snapshots of the recovery vault and a selection restoring exactly that source into the isolated subnet
 * group behind the restored-database security group (no other override, so nothing goes to a default VPC), with
 * AWS Backup's restore role; one rule hands the plans' completed restore jobs to the validator, which knows each plan's
 * drill input and may start only the restore-test machine; and the Credentials and Restore roles act on a database AWS
 * Backup restored only while it carries AWS Backup's restore-test tag. GIVEN a configuration without
 * {@code restoreTesting}, THEN there is no plan, selection, rule, restore role or plan map.
 */
class RestoreTestingTest {

    private static final Synthesized SYNTH = Synthesized.example();
    private static final Template RECOVERY = SYNTH.recovery();
    private static final RecoveryRegionStack STACK = SYNTH.stacks().recovery();
    private static final String ACCOUNT = "111111111111";

    @Test
    void eachSourceWithRestoreTestingHasAPlanOnTheRecoveryVaultsSnapshots() {
        Map<String, Object> shop = plan("shop-prod");
        assertThat(shop).containsEntry("RestoreTestingPlanName", "restore_drill_shop_prod")
                .containsEntry("ScheduleExpression", "cron(0 5 ? * SUN *)")
                .containsEntry("ScheduleExpressionTimezone", "Europe/Berlin")
                .containsEntry("StartWindowHours", 8);
        assertThat(shop.get("RecoveryPointSelection")).isEqualTo(Map.of(
                "Algorithm", "LATEST_WITHIN_WINDOW",
                "IncludeVaults", List.of(Map.of("Fn::GetAtt", List.of(logicalId(STACK.vault()), "BackupVaultArn"))),
                "RecoveryPointTypes", List.of("SNAPSHOT"),
                "SelectionWindowDays", 7));
        Map<String, Object> billing = plan("billing-aurora");
        assertThat(billing).containsEntry("RestoreTestingPlanName", "restore_drill_billing_aurora")
                .containsEntry("ScheduleExpression", "cron(0 6 ? * SAT *)")
                .doesNotContainKey("ScheduleExpressionTimezone");
        assertThat(Cfn.map(billing.get("RecoveryPointSelection"))).containsEntry("Algorithm", "RANDOM_WITHIN_WINDOW");
        assertThat(Cfn.properties(RECOVERY, "AWS::Backup::RestoreTestingPlan")).hasSize(2);
    }

    @Test
    void planNamesAreAwsBackupsLettersDigitsAndUnderscoresWithinFiftyCharacters() {
        assertThat(RestoreTests.name("shop-prod")).isEqualTo("restore_drill_shop_prod");
        String longest = "a" + "-b".repeat(31);
        String name = RestoreTests.name(longest);
        assertThat(name).hasSize(50).matches("restore_drill_a_b[a-z0-9_]*_[0-9a-f]{8}");
        assertThat(name).isNotEqualTo(RestoreTests.name("a" + "-b".repeat(30) + "-c"));
    }

    @Test
    void eachSelectionRestoresItsSourceIntoTheIsolatedSubnetsBehindTheRestoredDatabaseGroup() {
        String subnetGroup = logicalId(STACK.network().subnetGroup());
        String restoredGroup = logicalId(STACK.network().restoredDatabase());
        assertThat(Cfn.properties(RECOVERY, "AWS::RDS::DBSubnetGroup").get(subnetGroup))
                .containsEntry("DBSubnetGroupName", Names.SUBNET_GROUP);
        // the group the drill's own restores use (Plan's RESTORE_SECURITY_GROUP_IDS), in the isolated VPC
        assertThat(Functions.environment(RECOVERY, Task.PLAN).get(FunctionEnvironment.RESTORE_SECURITY_GROUP_IDS))
                .isEqualTo(Map.of("Fn::GetAtt", List.of(restoredGroup, "GroupId")));
        assertThat(Cfn.target(Cfn.properties(RECOVERY, "AWS::EC2::SecurityGroup").get(restoredGroup).get("VpcId")))
                .isEqualTo(logicalId(STACK.network().vpc()));
        String role = logicalId(STACK.restoreTests().orElseThrow().role());
        Map<String, List<String>> expected = Map.of(
                "shop-prod", List.of("RDS", "arn:aws:rds:eu-central-1:" + ACCOUNT + ":db:shop-prod"),
                "billing-aurora", List.of("Aurora", "arn:aws:rds:eu-central-1:" + ACCOUNT + ":cluster:billing-aurora"));
        expected.forEach((source, typeAndArn) -> {
            Map<String, Object> selection = selection(source);
            assertThat(selection).as(source)
                    .containsEntry("ProtectedResourceType", typeAndArn.get(0))
                    .containsEntry("ProtectedResourceArns", List.of(typeAndArn.get(1)))
                    .containsEntry("ValidationWindowHours", 24)
                    .containsEntry("RestoreTestingPlanName", plan(source).get("RestoreTestingPlanName"))
                    .doesNotContainKey("ProtectedResourceConditions");
            assertThat(Cfn.target(selection.get("IamRoleArn"))).isEqualTo(role);
            Map<String, Object> overrides = Cfn.map(selection.get("RestoreMetadataOverrides"));
            assertThat(overrides).as("only the network, nothing that could name another VPC")
                    .containsOnlyKeys("dbSubnetGroupName", "vpcSecurityGroupIds");
            assertThat(overrides.get("dbSubnetGroupName")).isEqualTo(Map.of("Ref", subnetGroup));
            assertThat(Cfn.render(overrides.get("vpcSecurityGroupIds"))).isEqualTo("[\"<" + restoredGroup + ".GroupId>\"]");
        });
    }

    @Test
    void awsBackupAloneAssumesTheRestoreRoleWhichDecryptsTheRecoveryPointsThroughRds() {
        String role = logicalId(STACK.restoreTests().orElseThrow().role());
        Map<String, Object> properties = Cfn.properties(RECOVERY, "AWS::IAM::Role").get(role);
        List<Object> trust = Cfn.list(Cfn.map(properties.get("AssumeRolePolicyDocument")).get("Statement"));
        assertThat(trust).hasSize(1);
        Map<String, Object> statement = Cfn.map(trust.get(0));
        assertThat(statement.get("Principal")).isEqualTo(Map.of("Service", "backup.amazonaws.com"));
        assertThat(statement.get("Condition")).isEqualTo(Map.of("StringEquals", Map.of("aws:SourceAccount", ACCOUNT)));
        assertThat(Cfn.strings(properties.get("ManagedPolicyArns")))
                .containsExactly("arn:<Ref:AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores");
        List<Cfn.Statement> statements = statementsOfRole(role);
        String snapshotKey = "<" + logicalId(STACK.keys().snapshots()) + ".Arn>";
        assertThat(statements).extracting(Cfn.Statement::actions).containsExactlyInAnyOrder(
                List.of("kms:Decrypt", "kms:DescribeKey"), List.of("kms:CreateGrant"));
        assertThat(statements).allSatisfy(s -> {
            assertThat(s.resources()).containsExactly(snapshotKey);
            assertThat(s.condition("StringEquals", "kms:ViaService")).isEqualTo("rds.eu-west-1.amazonaws.com");
        });
        assertThat(statements).filteredOn(s -> s.actions().contains("kms:CreateGrant"))
                .allSatisfy(s -> assertThat(s.condition("Bool", "kms:GrantIsForAWSResource")).isEqualTo("true"));
    }

    @Test
    void theRuleHandsThePlansCompletedRestoreJobsToTheValidator() {
        Map<String, Object> rule = Cfn.properties(RECOVERY, "AWS::Events::Rule").values().stream()
                .filter(r -> RestoreTests.RULE_NAME.equals(r.get("Name"))).findFirst().orElseThrow();
        assertThat(rule).doesNotContainKey("EventBusName");
        assertThat(rule.get("EventPattern")).isEqualTo(Map.of(
                "source", List.of("aws.backup"),
                "detail-type", List.of("Restore Job State Change"),
                "detail", Map.of(
                        "restoreTestingPlanArn", List.of(planArn("shop-prod"), planArn("billing-aurora")),
                        "status", List.of("COMPLETED"))));
        Map<String, Object> target = Cfn.map(Cfn.list(rule.get("Targets")).get(0));
        assertThat(Cfn.list(rule.get("Targets"))).hasSize(1);
        assertThat(Cfn.target(target.get("Arn"))).isEqualTo(Functions.aliasId(RECOVERY, Task.RESTORE_TEST_VALIDATOR));
        assertThat(Cfn.target(Cfn.map(target.get("DeadLetterConfig")).get("Arn")))
                .isEqualTo(RECOVERY.findResources("AWS::SQS::Queue").keySet().iterator().next());
        assertThat(Cfn.map(target.get("RetryPolicy"))).containsEntry("MaximumRetryAttempts", 3);
        // EventBridge may invoke the validator's alias for this rule only
        assertThat(Cfn.properties(RECOVERY, "AWS::Lambda::Permission").values()).anySatisfy(permission -> {
            assertThat(Cfn.target(permission.get("FunctionName"))).isEqualTo(Functions.aliasId(RECOVERY, Task.RESTORE_TEST_VALIDATOR));
            assertThat(permission).containsEntry("Principal", "events.amazonaws.com");
        });
    }

    @Test
    void aRestoreTestExecutionThatEndedWithoutItsAnswerIsHandedToTheValidator() {
        Map<String, Object> rule = Cfn.properties(RECOVERY, "AWS::Events::Rule").values().stream()
                .filter(r -> RestoreTests.ENDED_RULE_NAME.equals(r.get("Name"))).findFirst().orElseThrow();
        assertThat(rule).doesNotContainKey("EventBusName");
        Map<String, Object> pattern = Cfn.map(rule.get("EventPattern"));
        assertThat(pattern.get("source")).isEqualTo(List.of("aws.states"));
        assertThat(pattern.get("detail-type")).isEqualTo(List.of("Step Functions Execution Status Change"));
        assertThat(Cfn.map(pattern.get("detail")).get("status")).isEqualTo(List.of("FAILED", "TIMED_OUT", "ABORTED"));
        assertThat(Configs.JSON.valueToTree(Cfn.map(pattern.get("detail")).get("stateMachineArn")).toString())
                .contains("stateMachine:" + Names.RESTORE_TEST_STATE_MACHINE + "\"");
        Map<String, Object> target = Cfn.map(Cfn.list(rule.get("Targets")).get(0));
        assertThat(Cfn.list(rule.get("Targets"))).hasSize(1);
        assertThat(Cfn.target(target.get("Arn"))).isEqualTo(Functions.aliasId(RECOVERY, Task.RESTORE_TEST_VALIDATOR));
        assertThat(Cfn.map(target.get("RetryPolicy"))).containsEntry("MaximumRetryAttempts", 3);
    }

    @Test
    void eventBridgeMayUseTheDeadLetterKeyOnlyForTheRestoreTestRule() {
        Map<String, Object> key = Cfn.properties(RECOVERY, "AWS::KMS::Key").get(logicalId(STACK.keys().data()));
        PolicyEvaluator policy = new PolicyEvaluator(Cfn.map(key.get("KeyPolicy")));
        String rule = "arn:aws:events:eu-west-1:" + ACCOUNT + ":rule/" + RestoreTests.RULE_NAME;
        String ended = "arn:aws:events:eu-west-1:" + ACCOUNT + ":rule/" + RestoreTests.ENDED_RULE_NAME;
        assertThat(policy.allows(PolicyEvaluator.service("events.amazonaws.com", "kms:GenerateDataKey",
                Map.of("aws:SourceAccount", ACCOUNT, "aws:SourceArn", rule)))).isTrue();
        assertThat(policy.allows(PolicyEvaluator.service("events.amazonaws.com", "kms:GenerateDataKey",
                Map.of("aws:SourceAccount", ACCOUNT, "aws:SourceArn", ended)))).isTrue();
        assertThat(policy.allows(PolicyEvaluator.service("events.amazonaws.com", "kms:GenerateDataKey",
                Map.of("aws:SourceAccount", ACCOUNT, "aws:SourceArn", rule + "-other")))).isFalse();
        assertThat(policy.allows(PolicyEvaluator.service("events.amazonaws.com", "kms:GenerateDataKey",
                Map.of("aws:SourceAccount", "222222222222", "aws:SourceArn", rule.replace(ACCOUNT, "222222222222"))))).isFalse();
    }

    @Test
    void theValidatorKnowsEachPlansDrillInputAndTheRestoreTestMachine() throws Exception {
        Map<String, Object> env = Functions.environment(RECOVERY, Task.RESTORE_TEST_VALIDATOR);
        String machine = "arn:aws:states:eu-west-1:" + ACCOUNT + ":stateMachine:" + Names.RESTORE_TEST_STATE_MACHINE;
        assertThat(env).containsEntry(FunctionEnvironment.RESTORE_TEST_STATE_MACHINE_ARN, machine);
        assertThat(StateMachinesTest.machine(Names.RESTORE_TEST_STATE_MACHINE))
                .containsEntry("StateMachineName", Names.RESTORE_TEST_STATE_MACHINE);
        // the plans' ARNs are CloudFormation's: rendered as <PlanId.RestoreTestingPlanArn>, the rest is literal JSON
        Map<String, Object> restoreTests = Configs.JSON.readValue(Cfn.render(env.get(FunctionEnvironment.RESTORE_TESTS)),
                new TypeReference<>() { });
        Map<String, Object> expected = new LinkedHashMap<>();
        for (Source source : SYNTH.config().sources()) {
            expected.put("<" + planId(source.identifier()) + ".RestoreTestingPlanArn>",
                    Configs.JSON.readValue(Configs.JSON.writeValueAsString(DrillInputs.restoreTest(SYNTH.config(), source)),
                            new TypeReference<Map<String, Object>>() { }));
        }
        assertThat(restoreTests).isEqualTo(expected);
        // exactly the drill's input without snapshotMode (billing-aurora's LATEST_AUTOMATED: AWS Backup chose the point)
        Source billing = SYNTH.config().sources().get(1);
        Map<String, Object> drill = new LinkedHashMap<>(DrillInputs.drill(SYNTH.config(), billing));
        assertThat(drill.remove("snapshotMode")).isEqualTo("LATEST_AUTOMATED");
        assertThat(DrillInputs.restoreTest(SYNTH.config(), billing)).isEqualTo(drill);
    }

    @Test
    void planAndAnswerRestoreTestKnowTheDeploymentsPlansAndActOnTheirJobsOnly() {
        String plans = "<" + planId("shop-prod") + ".RestoreTestingPlanArn>,<" + planId("billing-aurora")
                + ".RestoreTestingPlanArn>";
        for (Task task : List.of(Task.PLAN, Task.ANSWER_RESTORE_TEST)) {
            assertThat(Cfn.render(Functions.environment(RECOVERY, task).get(FunctionEnvironment.RESTORE_TESTING_PLAN_ARNS)))
                    .as(task.taskName()).isEqualTo(plans);
        }
    }

    @Test
    void theValidatorChecksAndAnswersRestoreJobsAndStartsOnlyTheRestoreTestMachine() {
        List<Cfn.Statement> statements = statementsOfRole(Functions.roleId(RECOVERY, Task.RESTORE_TEST_VALIDATOR));
        Set<String> actions = new TreeSet<>();
        statements.forEach(s -> actions.addAll(s.actions()));
        actions.removeIf(a -> a.startsWith("logs:") || a.startsWith("xray:") || a.startsWith("kms:") || a.equals("sqs:SendMessage"));
        assertThat(actions).containsExactlyInAnyOrder("backup:DescribeRestoreJob", "backup:PutRestoreValidationResult",
                "states:StartExecution");
        assertThat(statements).filteredOn(s -> s.hasAction(a -> a.startsWith("backup:")))
                .allSatisfy(s -> assertThat(s.resources()).containsExactly("*"));
        assertThat(statements).filteredOn(s -> s.hasAction(a -> a.startsWith("states:"))).singleElement().satisfies(s -> {
            assertThat(s.actions()).containsExactly("states:StartExecution");
            assertThat(s.resources()).containsExactly("arn:aws:states:eu-west-1:" + ACCOUNT + ":stateMachine:"
                    + Names.RESTORE_TEST_STATE_MACHINE);
        });
        assertThat(Functions.function(RECOVERY, Task.RESTORE_TEST_VALIDATOR)).doesNotContainKey("VpcConfig")
                .containsEntry("MemorySize", 1024).containsEntry("Timeout", 60).containsKey("DeadLetterConfig");
        List<Cfn.Statement> answer = statementsOfRole(Functions.roleId(RECOVERY, Task.ANSWER_RESTORE_TEST));
        assertThat(answer).filteredOn(s -> s.hasAction(a -> a.startsWith("backup:"))).singleElement().satisfies(s -> {
            assertThat(s.actions()).containsExactlyInAnyOrder("backup:DescribeRestoreJob", "backup:PutRestoreValidationResult");
            assertThat(s.resources()).containsExactly("*");
        });
        // it sees whether the drill's Aurora instance is gone before it answers, and changes nothing in RDS
        assertThat(answer).filteredOn(s -> s.hasAction(a -> a.startsWith("rds:"))).singleElement().satisfies(s -> {
            assertThat(s.actions()).containsExactly("rds:DescribeDBInstances");
            assertThat(s.resources()).containsExactly("arn:aws:rds:eu-west-1:" + ACCOUNT + ":db:*");
        });
        assertThat(Functions.function(RECOVERY, Task.ANSWER_RESTORE_TEST)).doesNotContainKey("VpcConfig")
                .containsEntry("MemorySize", 1024).containsEntry("Timeout", 60);
        assertThat(statementsOfRole(Functions.roleId(RECOVERY, Task.PLAN))).anySatisfy(s -> {
            assertThat(s.actions()).containsExactly("backup:DescribeRestoreJob");
            assertThat(s.resources()).containsExactly("*");
        });
    }

    @Test
    void credentialsSetsThePasswordOfADatabaseAwsBackupRestoredOnlyWhileItCarriesTheRestoreTestTag() {
        PolicyEvaluator credentials = identityPolicy(Task.CREDENTIALS);
        String role = "arn:aws:iam::" + ACCOUNT + ":role/credentials";
        String restored = "arn:aws:rds:eu-west-1:" + ACCOUNT + ":db:awsbackup-restore-test-1a2b3c";
        String cluster = "arn:aws:rds:eu-west-1:" + ACCOUNT + ":cluster:awsbackup-restore-test-1a2b3c";
        Map<String, String> tagged = Map.of("aws:ResourceTag/" + Names.TAG_AWS_BACKUP_RESTORE_TEST, "1a2b3c");
        assertThat(credentials.allows(PolicyEvaluator.iam(role, "rds:ModifyDBInstance", tagged).on(restored))).isTrue();
        assertThat(credentials.allows(PolicyEvaluator.iam(role, "rds:ModifyDBCluster", tagged).on(cluster))).isTrue();
        assertThat(credentials.allows(PolicyEvaluator.iam(role, "rds:ModifyDBInstance", Map.of()).on(restored)))
                .as("without the tag").isFalse();
        assertThat(credentials.allows(PolicyEvaluator.iam(role, "rds:ModifyDBInstance", Map.of())
                .on("arn:aws:rds:eu-west-1:" + ACCOUNT + ":db:shop-prod"))).as("a production database").isFalse();
        assertThat(credentials.allows(PolicyEvaluator.iam(role, "rds:ModifyDBInstance", tagged)
                .on("arn:aws:rds:eu-west-1:" + ACCOUNT + ":db:shop-prod-replica")))
                .as("a production database somebody tagged: the tag alone is no proof").isFalse();
        assertThat(credentials.allows(PolicyEvaluator.iam(role, "rds:ModifyDBInstance", tagged)
                .on(restored.replace("eu-west-1", "eu-central-1")))).as("the source region").isFalse();
        assertThat(credentials.allows(PolicyEvaluator.iam(role, "rds:DeleteDBInstance", tagged).on(restored)))
                .as("AWS Backup deletes it, not the drill").isFalse();
        // a drill's own database, as before
        assertThat(credentials.allows(PolicyEvaluator.iam(role, "rds:ModifyDBInstance",
                Map.of("aws:ResourceTag/" + Names.TAG_MANAGED, "true")).on("arn:aws:rds:eu-west-1:" + ACCOUNT + ":db:drill-x"))).isTrue();
    }

    @Test
    void restoreAddsItsDrillTaggedInstanceOnlyToAClusterAwsBackupRestored() {
        PolicyEvaluator restore = identityPolicy(Task.RESTORE);
        String role = "arn:aws:iam::" + ACCOUNT + ":role/restore";
        String cluster = "arn:aws:rds:eu-west-1:" + ACCOUNT + ":cluster:awsbackup-restore-test-1a2b3c";
        Map<String, String> drillTags = Map.of("aws:RequestTag/" + Names.TAG_MANAGED, "true",
                "aws:TagKeys", String.join(",", Names.TAG_MANAGED, Names.TAG_ID, Names.TAG_SOURCE, Names.TAG_EXPIRES_AT));
        Map<String, String> intoRestoredCluster = new LinkedHashMap<>(drillTags);
        intoRestoredCluster.put("aws:ResourceTag/" + Names.TAG_AWS_BACKUP_RESTORE_TEST, "1a2b3c");
        // CreateDBInstance is authorized on the new instance and on the cluster it joins
        assertThat(restore.allows(PolicyEvaluator.iam(role, "rds:CreateDBInstance", intoRestoredCluster).on(cluster))).isTrue();
        assertThat(restore.allows(PolicyEvaluator.iam(role, "rds:CreateDBInstance", drillTags)
                .on("arn:aws:rds:eu-west-1:" + ACCOUNT + ":db:drill-billing-aurora-x"))).isTrue();
        assertThat(restore.allows(PolicyEvaluator.iam(role, "rds:CreateDBInstance", drillTags).on(cluster)))
                .as("a cluster without AWS Backup's tag").isFalse();
        assertThat(restore.allows(PolicyEvaluator.iam(role, "rds:CreateDBInstance", drillTags)
                .on("arn:aws:rds:eu-west-1:" + ACCOUNT + ":cluster:billing-aurora"))).as("a production cluster").isFalse();
        assertThat(restore.allows(PolicyEvaluator.iam(role, "rds:CreateDBInstance", intoRestoredCluster)
                .on("arn:aws:rds:eu-west-1:" + ACCOUNT + ":cluster:billing-aurora")))
                .as("a production cluster somebody tagged: the tag alone is no proof").isFalse();
        Map<String, String> foreignTags = new LinkedHashMap<>(intoRestoredCluster);
        foreignTags.put("aws:RequestTag/" + Names.TAG_MANAGED, "false");
        assertThat(restore.allows(PolicyEvaluator.iam(role, "rds:CreateDBInstance", foreignTags).on(cluster)))
                .as("an instance without the drill's tags").isFalse();
        assertThat(restore.allows(PolicyEvaluator.iam(role, "rds:CreateDBInstance", intoRestoredCluster)
                .on(cluster.replace("eu-west-1", "eu-central-1")))).as("the source region").isFalse();
        assertThat(restore.allows(PolicyEvaluator.iam(role, "rds:ModifyDBCluster", intoRestoredCluster).on(cluster))).isFalse();
    }

    @Test
    void withoutRestoreTestingThereIsNoPlanSelectionRuleRoleOrPlanMap() throws Exception {
        DrillConfig config = Configs.parse(tree -> tree.withArray("sources")
                .forEach(source -> ((com.fasterxml.jackson.databind.node.ObjectNode) source).remove("restoreTesting")));
        Synthesized synth = Synthesized.of(config, "no-restore-testing", false);
        Template recovery = synth.recovery();
        assertThat(synth.stacks().recovery().restoreTests()).isEmpty();
        assertThat(Cfn.properties(recovery, "AWS::Backup::RestoreTestingPlan")).isEmpty();
        assertThat(Cfn.properties(recovery, "AWS::Backup::RestoreTestingSelection")).isEmpty();
        assertThat(Cfn.properties(recovery, "AWS::Events::Rule").values())
                .noneMatch(rule -> RestoreTests.RULE_NAME.equals(rule.get("Name")))
                .noneMatch(rule -> RestoreTests.ENDED_RULE_NAME.equals(rule.get("Name")));
        assertThat(Functions.environment(recovery, Task.RESTORE_TEST_VALIDATOR)).doesNotContainKey(FunctionEnvironment.RESTORE_TESTS);
        assertThat(Configs.JSON.writeValueAsString(Cfn.properties(recovery, "AWS::IAM::Role"))).doesNotContain("backup.amazonaws.com");
        // the restore-test machine and its functions are there all the same
        assertThat(Cfn.properties(recovery, "AWS::StepFunctions::StateMachine").values())
                .anyMatch(machine -> Names.RESTORE_TEST_STATE_MACHINE.equals(machine.get("StateMachineName")));
    }

    private static Map<String, Object> plan(String source) {
        return Cfn.properties(RECOVERY, "AWS::Backup::RestoreTestingPlan").get(planId(source));
    }

    private static String planId(String source) {
        return logicalId(STACK.restoreTests().orElseThrow().plans().get(source));
    }

    private static Map<String, Object> planArn(String source) {
        return Map.of("Fn::GetAtt", List.of(planId(source), "RestoreTestingPlanArn"));
    }

    private static Map<String, Object> selection(String source) {
        return Cfn.properties(RECOVERY, "AWS::Backup::RestoreTestingSelection")
                .get(logicalId(STACK.restoreTests().orElseThrow().selections().get(source)));
    }

    private static List<Cfn.Statement> statementsOfRole(String roleId) {
        return Cfn.statements(RECOVERY).stream().filter(s -> s.roles().contains("<Ref:" + roleId + ">")).toList();
    }

    /** The task role's statements as one identity policy. */
    private static PolicyEvaluator identityPolicy(Task task) {
        String role = "<Ref:" + Functions.roleId(RECOVERY, task) + ">";
        List<Object> statements = new java.util.ArrayList<>();
        Cfn.properties(RECOVERY, "AWS::IAM::Policy").values().stream()
                .filter(policy -> Cfn.strings(policy.get("Roles")).contains(role))
                .forEach(policy -> statements.addAll(Cfn.list(Cfn.map(policy.get("PolicyDocument")).get("Statement"))));
        return new PolicyEvaluator(Map.<String, Object>of("Statement", statements));
    }

    private static String logicalId(IConstruct construct) {
        IConstruct element = construct instanceof CfnElement ? construct : construct.getNode().getDefaultChild();
        return STACK.getLogicalId((CfnElement) element);
    }
}
