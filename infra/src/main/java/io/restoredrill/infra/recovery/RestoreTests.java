package io.restoredrill.infra.recovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.core.deployment.FunctionEnvironment;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.infra.Names;
import io.restoredrill.infra.config.DrillConfig;
import io.restoredrill.infra.config.DrillConfig.RestoreTesting;
import io.restoredrill.infra.config.DrillConfig.Source;
import io.restoredrill.infra.shared.Acknowledge;
import io.restoredrill.infra.shared.KeyTampering;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.backup.CfnRestoreTestingPlan;
import software.amazon.awscdk.services.backup.CfnRestoreTestingPlan.RestoreTestingRecoveryPointSelectionProperty;
import software.amazon.awscdk.services.backup.CfnRestoreTestingSelection;
import software.amazon.awscdk.services.backup.IBackupVault;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.LambdaFunctionProps;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.iam.ServicePrincipalOpts;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * AWS Backup restore testing with Restore Drill as its validator (docs/restore-testing.md), for the sources that have
 * {@code restoreTesting}: per source a restore testing plan choosing a recovery point of the recovery vault on its
 * schedule and a selection restoring that source into the isolated subnets, behind the restored-database security
 * group (never the default VPC); one restore role for AWS Backup; and the rule that hands each completed restore job of
 * these plans to the validator function, which starts the restore-test state machine on it.
 */
public final class RestoreTests extends Construct {

    /** On the default bus: AWS Backup's restore job events. */
    public static final String RULE_NAME = Names.SERVICE + "-restore-tests";
    /** On the default bus: restore-test executions that ended without answering (timeout, stopped by hand, failed). */
    public static final String ENDED_RULE_NAME = Names.SERVICE + "-restore-test-ends";
    /** The execution statuses after which a restore job may still be VALIDATING. */
    public static final List<String> UNANSWERED_ENDS = List.of("FAILED", "TIMED_OUT", "ABORTED");
    /** AWS Backup's managed policy for the role it restores with (the restore APIs of every supported service). */
    public static final String RESTORE_POLICY = "service-role/AWSBackupServiceRolePolicyForRestores";
    static final String PLAN_PREFIX = "restore_drill_";
    /** AWS Backup: restore testing plan and selection names are 1 to 50 letters, digits and underscores. */
    static final int MAX_NAME_LENGTH = 50;
    /** Lambda allows 4 KB of environment per function; RESTORE_TESTS leaves room for the validator's other variables. */
    static final int MAX_RESTORE_TESTS_BYTES = 3 * 1024;
    /** The longest plan ARN AWS Backup gives ({@code arn:aws-us-gov:backup:<region>:<account>:restore-testing-plan:<name>-<uuid>}). */
    private static final int PLAN_ARN_LENGTH = 160;
    static final int RETRY_ATTEMPTS = 3;
    static final Duration MAX_EVENT_AGE = Duration.hours(1);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, CfnRestoreTestingPlan> plans = new LinkedHashMap<>();
    private final Map<String, CfnRestoreTestingSelection> selections = new LinkedHashMap<>();
    private final Role role;
    private final Rule rule;
    private final Rule endedRule;

    /**
     * @param validator      the RestoreTestValidator function, which gets the plans' map (RESTORE_TESTS)
     * @param validatorAlias what the rule invokes (its SnapStart version)
     * @param actingOnJobs   Plan and AnswerRestoreTest, which get the plans' ARNs (RESTORE_TESTING_PLAN_ARNS)
     * @param deadLetters    an event the rule cannot deliver lands here (encrypted with {@code deadLetterKey})
     */
    RestoreTests(Construct scope, String id, DrillConfig config, IBackupVault recoveryVault, IsolatedNetwork network,
                 IKey snapshotKey, Function validator, IFunction validatorAlias, List<Function> actingOnJobs, IQueue deadLetters,
                 IKey deadLetterKey) {
        super(scope, id);
        Stack stack = Stack.of(this);
        ArnPatterns arns = ArnPatterns.of(stack, config.sourceRegion());
        this.role = restoreRole(stack, snapshotKey, arns);
        Map<String, Object> restoreTests = new LinkedHashMap<>();
        List<String> planArns = new ArrayList<>();
        int inputBytes = 2;
        for (Source source : config.sources()) {
            RestoreTesting testing = source.restoreTesting();
            if (testing == null) {
                continue;
            }
            String name = name(source.identifier());
            CfnRestoreTestingPlan.Builder plan = CfnRestoreTestingPlan.Builder.create(this, "Plan-" + source.identifier())
                    .restoreTestingPlanName(name)
                    .scheduleExpression(testing.schedule())
                    .startWindowHours(testing.startWindowHours())
                    .recoveryPointSelection(RestoreTestingRecoveryPointSelectionProperty.builder()
                            .algorithm(testing.algorithm().name())
                            // what the source plan copied into the recovery vault: the recovery region's own copy
                            .includeVaults(List.of(recoveryVault.getBackupVaultArn()))
                            .recoveryPointTypes(List.of("SNAPSHOT"))
                            .selectionWindowDays(testing.selectionWindowDays())
                            .build());
            if (testing.timeZone() != null) {
                plan.scheduleExpressionTimezone(testing.timeZone());
            }
            CfnRestoreTestingPlan built = plan.build();
            CfnRestoreTestingSelection selection = CfnRestoreTestingSelection.Builder.create(this,
                            "Selection-" + source.identifier())
                    .restoreTestingPlanName(built.getRestoreTestingPlanName())
                    .restoreTestingSelectionName(name)
                    .protectedResourceType(testing.resourceType().protectedResourceType())
                    // A copy in the recovery vault keeps its source's ARN, in the source region.
                    .protectedResourceArns(List.of(arns.rds(config.sourceRegion(), testing.resourceType().arnType(),
                            source.identifier().toLowerCase(Locale.ROOT))))
                    .iamRoleArn(role.getRoleArn())
                    .validationWindowHours(testing.validationWindowHours())
                    .restoreMetadataOverrides(restoreMetadata(network))
                    .build();
            selection.addDependency(built);
            plans.put(source.identifier(), built);
            selections.put(source.identifier(), selection);
            planArns.add(built.getAttrRestoreTestingPlanArn());
            Map<String, Object> input = DrillInputs.restoreTest(config, source);
            restoreTests.put(built.getAttrRestoreTestingPlanArn(), input);
            inputBytes += json(input).getBytes(StandardCharsets.UTF_8).length + PLAN_ARN_LENGTH + 4;
        }
        if (inputBytes > MAX_RESTORE_TESTS_BYTES) {
            throw new InvalidInputException("The restore testing sources' drill inputs (their suites, budgets and databases)"
                    + " add up to about " + inputBytes + " bytes; the validator carries them in its environment ("
                    + FunctionEnvironment.RESTORE_TESTS + "), and Lambda allows 4 KB in all: keep them under "
                    + MAX_RESTORE_TESTS_BYTES + " bytes, e.g. give a large suite by suiteKey instead of inline.");
        }
        validator.addEnvironment(FunctionEnvironment.RESTORE_TESTS, stack.toJsonString(restoreTests));
        // Plan and AnswerRestoreTest act only on jobs these plans started.
        actingOnJobs.forEach(function -> function.addEnvironment(FunctionEnvironment.RESTORE_TESTING_PLAN_ARNS,
                Fn.join(",", planArns)));
        this.rule = Rule.Builder.create(this, "CompletedRestoreJobs")
                .ruleName(RULE_NAME)
                .description("Restore Drill: a restore job of one of its restore testing plans completed; the validator"
                        + " starts the restore-test state machine on it.")
                .eventPattern(EventPattern.builder()
                        .source(List.of("aws.backup"))
                        .detailType(List.of("Restore Job State Change"))
                        .detail(Map.of("restoreTestingPlanArn", planArns, "status", List.of("COMPLETED")))
                        .build())
                .targets(List.of(validatorTarget(validatorAlias, deadLetters)))
                .build();
        // An execution stopped by its timeout or by hand never reaches its own answer: the validator gives it.
        this.endedRule = Rule.Builder.create(this, "EndedRestoreTestExecutions")
                .ruleName(ENDED_RULE_NAME)
                .description("Restore Drill: a restore-test execution ended failed, timed out or aborted; the validator"
                        + " answers FAILED for a restore job still VALIDATING.")
                .eventPattern(EventPattern.builder()
                        .source(List.of("aws.states"))
                        .detailType(List.of("Step Functions Execution Status Change"))
                        .detail(Map.of("stateMachineArn", List.of(DrillStateMachines.stateMachineArn(stack,
                                Names.RESTORE_TEST_STATE_MACHINE)), "status", UNANSWERED_ENDS))
                        .build())
                .targets(List.of(validatorTarget(validatorAlias, deadLetters)))
                .build();
        // EventBridge itself puts an undeliverable event into the queue, encrypted with this key: only for these rules.
        deadLetterKey.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("RestoreTestRuleDeadLettersIntoEncryptedQueue")
                .effect(Effect.ALLOW)
                .principals(List.of(new ServicePrincipal("events.amazonaws.com")))
                .actions(List.of("kms:GenerateDataKey", "kms:Decrypt"))
                .resources(List.of("*"))
                .conditions(Map.of(
                        "StringEquals", Map.of("aws:SourceAccount", stack.getAccount()),
                        "ArnEquals", Map.of("aws:SourceArn", List.of(
                                KeyTampering.ruleArn(stack, stack.getRegion(), null, RULE_NAME),
                                KeyTampering.ruleArn(stack, stack.getRegion(), null, ENDED_RULE_NAME)))))
                .build());
    }

    private static LambdaFunction validatorTarget(IFunction validatorAlias, IQueue deadLetters) {
        return new LambdaFunction(validatorAlias, LambdaFunctionProps.builder()
                .retryAttempts(RETRY_ATTEMPTS)
                .maxEventAge(MAX_EVENT_AGE)
                .deadLetterQueue(deadLetters)
                .build());
    }

    /**
     * Where AWS Backup restores: the isolated subnet group, behind the restored-database security group, the drill's
     * own restores' network (Plan's RESTORE_SUBNET_GROUP and RESTORE_SECURITY_GROUP_IDS). Without them it would infer
     * the default VPC. Only the keys AWS Backup documents for RDS instances and clusters; values are strings, the
     * security groups a JSON array.
     */
    static Map<String, String> restoreMetadata(IsolatedNetwork network) {
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("dbSubnetGroupName", network.subnetGroup().getSubnetGroupName());
        overrides.put("vpcSecurityGroupIds", Fn.join("", List.of("[\"", network.restoredDatabase().getSecurityGroupId(), "\"]")));
        return overrides;
    }

    /**
     * The role AWS Backup restores with: only AWS Backup of this account may assume it; AWS's managed restore policy,
     * and the recovery key that encrypts the recovery vault's copies, used through RDS as the drill's own restores use it.
     */
    private Role restoreRole(Stack stack, IKey snapshotKey, ArnPatterns arns) {
        Role restore = Role.Builder.create(this, "RestoreRole")
                .assumedBy(new ServicePrincipal("backup.amazonaws.com", ServicePrincipalOpts.builder()
                        .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", stack.getAccount())))
                        .build()))
                .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName(RESTORE_POLICY)))
                .description("Restore Drill: AWS Backup restores its restore tests into the isolated network with this role.")
                .build();
        String viaRds = "rds." + arns.recoveryRegion() + ".amazonaws.com";
        restore.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("RdsDecryptsRecoveryPointWithRecoveryKey")
                .actions(List.of("kms:Decrypt", "kms:DescribeKey"))
                .resources(List.of(snapshotKey.getKeyArn()))
                .conditions(Map.of("StringEquals", Map.of("kms:ViaService", viaRds)))
                .build());
        restore.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("RdsDecryptsRecoveryPointWithRecoveryKeyGrant")
                .actions(List.of("kms:CreateGrant"))
                .resources(List.of(snapshotKey.getKeyArn()))
                .conditions(Map.of("StringEquals", Map.of("kms:ViaService", viaRds),
                        "Bool", Map.of("kms:GrantIsForAWSResource", "true")))
                .build());
        Acknowledge.on(restore, Acknowledge.findings("AwsSolutions-IAM4", "AWSBackupServiceRolePolicyForRestores is the"
                        + " policy AWS maintains for AWS Backup's restores (RDS restore and tagging calls, with the PassRole"
                        + " conditions AWS Backup needs); only AWS Backup of this account assumes the role, for the restore"
                        + " tests of this stack's plans.",
                "Policy::arn:<AWS::Partition>:iam::aws:policy/" + RESTORE_POLICY));
        return restore;
    }

    /**
     * {@code restore_drill_<identifier>}, hyphens as underscores, lower case; an identifier too long for AWS Backup's
     * 50 characters is cut and ends in 8 hex digits of its hash, so two sources never share a name.
     */
    public static String name(String identifier) {
        String name = PLAN_PREFIX + identifier.toLowerCase(Locale.ROOT).replace('-', '_');
        if (name.length() <= MAX_NAME_LENGTH) {
            return name;
        }
        String hash = sha256(identifier.toLowerCase(Locale.ROOT)).substring(0, 8);
        return name.substring(0, MAX_NAME_LENGTH - hash.length() - 1) + "_" + hash;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a drill input is plain JSON", e);
        }
    }

    /** Source identifier to its plan. */
    public Map<String, CfnRestoreTestingPlan> plans() {
        return Map.copyOf(plans);
    }

    public Map<String, CfnRestoreTestingSelection> selections() {
        return Map.copyOf(selections);
    }

    public Role role() {
        return role;
    }

    public Rule rule() {
        return rule;
    }

    public Rule endedRule() {
        return endedRule;
    }
}
