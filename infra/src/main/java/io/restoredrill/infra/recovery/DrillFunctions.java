package io.restoredrill.infra.recovery;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.restoredrill.core.deployment.FunctionEnvironment;
import io.restoredrill.infra.Names;
import io.restoredrill.infra.Task;
import io.restoredrill.infra.config.DrillConfig;
import io.restoredrill.infra.shared.Acknowledge;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * One Lambda function per handler, all from the functions module's shaded jar: Java 21, SnapStart
 * on published versions, invoked through the alias {@value #ALIAS} (so the snapshot is used), each
 * with its own role holding only its {@link TaskPolicies} and its own encrypted log group. Only
 * Verify runs in the isolated VPC; the others call AWS APIs in both regions and never touch a restored database.
 */
public final class DrillFunctions extends Construct {

    public static final String ALIAS = "live";
    public static final Runtime RUNTIME = Runtime.JAVA_21;

    private final Map<Task, Function> functions = new EnumMap<>(Task.class);
    private final Map<Task, Alias> aliases = new EnumMap<>(Task.class);

    /** What the functions are wired to; {@code deadLetters} takes the failed asynchronous invocations. */
    public record Wiring(DrillConfig config, Path jar, IsolatedNetwork network, RecoveryKeys keys, String evidenceBucket,
                         String topicArn, String recoveryKeyArn, IQueue deadLetters, TaskPolicies policies) {
    }

    DrillFunctions(Construct scope, String id, Wiring wiring) {
        super(scope, id);
        Code code = Code.fromAsset(wiring.jar().toString());
        for (Task task : Task.values()) {
            LogGroup logs = LogGroup.Builder.create(this, task.taskName() + "Logs")
                    .encryptionKey(wiring.keys().data())
                    .retention(RecoveryRegionStack.LOG_RETENTION)
                    .removalPolicy(RemovalPolicy.RETAIN)
                    .build();
            Role role = Role.Builder.create(this, task.taskName() + "Role")
                    .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                    .description("Restore Drill " + task.taskName() + " function: only the calls its code makes.")
                    .build();
            logs.grantWrite(role);
            wiring.policies().of(task).forEach(role::addToPrincipalPolicy);
            Function.Builder function = Function.Builder.create(this, task.taskName())
                    .description("Restore Drill " + task.taskName() + description(task))
                    .runtime(RUNTIME)
                    .handler(task.handler())
                    .code(code)
                    .memorySize(task.memoryMb())
                    .timeout(Duration.seconds(task.timeout().toSeconds()))
                    .role(role)
                    .logGroup(logs)
                    .tracing(Tracing.ACTIVE)
                    .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                    .environment(environment(task, wiring));
            if (task.inVpc()) {
                function.vpc(wiring.network().vpc())
                        .vpcSubnets(wiring.network().isolatedSubnets())
                        .securityGroups(List.of(wiring.network().verifier()))
                        .allowPublicSubnet(false);
            }
            if (!task.isState()) {
                // The Janitor (its schedule) and the validator (its rule) are invoked asynchronously; an invocation that
                // keeps failing lands here.
                function.deadLetterQueue(wiring.deadLetters());
            }
            Function built = function.build();
            // The version is published right below (currentVersion, behind the alias); CDK warns before it sees it.
            Annotations.of(built).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                    "every function publishes its current version behind the alias " + ALIAS);
            acknowledge(task, built, role);
            functions.put(task, built);
            aliases.put(task, Alias.Builder.create(this, task.taskName() + "Alias")
                    .aliasName(ALIAS)
                    .version(built.getCurrentVersion())
                    .build());
        }
        // Credentials lets only the verifier read a drill's secret (its resource policy names this role).
        functions.get(Task.CREDENTIALS).addEnvironment(FunctionEnvironment.VERIFIER_ROLE_ARN,
                functions.get(Task.VERIFY).getRole().getRoleArn());
        // The validator starts the restore-test machine, known by its name (the machine refers to the functions).
        functions.get(Task.RESTORE_TEST_VALIDATOR).addEnvironment(FunctionEnvironment.RESTORE_TEST_STATE_MACHINE_ARN,
                DrillStateMachines.stateMachineArn(Stack.of(this), Names.RESTORE_TEST_STATE_MACHINE));
    }

    private static String description(Task task) {
        return switch (task) {
            case JANITOR -> ": removes drill resources past their TTL";
            case RESTORE_TEST_VALIDATOR -> ": validator of AWS Backup restore tests, starts the restore-test state machine";
            case ANSWER_RESTORE_TEST -> " step of the restore-test state machine";
            default -> Task.RESTORE_TEST_STATES.contains(task) ? " step of the drill and restore-test state machines"
                    : " step of the drill state machine";
        };
    }

    /** Why cdk-nag's rules that these functions break do not apply to them. */
    private static void acknowledge(Task task, Function function, Role role) {
        List<NagPackSuppression> onFunction = new ArrayList<>();
        onFunction.add(Acknowledge.rule("AwsSolutions-L1", "Java 21 is the runtime chosen for the functions (jar built for"
                + " release 17, SnapStart with CRaC priming); moving to a newer Java runtime is a deliberate, tested upgrade."));
        onFunction.add(Acknowledge.rule("NIST.800.53.R5-LambdaConcurrency", "Reserved concurrency for each of the "
                + Task.values().length + " functions would take from the account's unreserved pool (10 in new accounts) and can fail the deploy;"
                + " drills are bounded by the schedule and the fleet's maxConcurrency (at most 5) instead."));
        if (task.isState()) {
            onFunction.add(Acknowledge.rule("NIST.800.53.R5-LambdaDLQ", "Step Functions invokes this function"
                    + " synchronously; a DLQ only catches asynchronous invocations. Its failures are the state machine's"
                    + " Retry and Catch (Cleanup, Publish, Fail), and failed executions raise an alarm."));
        }
        if (!task.inVpc()) {
            onFunction.add(Acknowledge.rule("NIST.800.53.R5-LambdaInsideVPC", "This function only calls AWS APIs (RDS"
                    + " in the source and recovery regions, Secrets Manager, S3, SNS, AWS Backup, Step Functions) and never connects to a restored"
                    + " database. Inside the isolated VPC it would need NAT or endpoints for another region's RDS API, which"
                    + " would open the isolation; only Verify, which talks to the database, runs in the VPC."));
        }
        Acknowledge.on(function, onFunction.toArray(NagPackSuppression[]::new));

        List<String> wildcards = new ArrayList<>(List.of("Resource::*"));
        StringBuilder reason = new StringBuilder("Resource::* only for actions without resource-level permissions:"
                + " X-Ray's PutTraceSegments and PutTelemetryRecords (tracing)");
        switch (task) {
            case VERIFY -> reason.append(", and the ENI calls Lambda makes to attach the function to the isolated subnets");
            case JANITOR -> reason.append(", and secretsmanager:ListSecrets (filtered by the restore-drill:managed tag key)");
            case PLAN -> reason.append(", and backup:DescribeRestoreJob (a restore test's job, named by its id)");
            case ANSWER_RESTORE_TEST -> reason.append(", and backup:PutRestoreValidationResult (a restore test's job, named"
                    + " by its id)");
            case RESTORE_TEST_VALIDATOR -> reason.append(", and backup:DescribeRestoreJob and PutRestoreValidationResult (the"
                    + " completed restore job the rule delivers, named by its id)");
            default -> { }
        }
        reason.append(". RDS and secret ARNs end in * because sources, snapshots and drill resources are named at run time"
                + " (drill-<source>-<drillId>, restore-drill/<source>/<drillId>) in this account's two regions; every"
                + " create, change and delete among them is also bound by restore-drill:managed tag conditions.");
        if (task == Task.RESTORE || task == Task.CREDENTIALS) {
            reason.append(" A restore test's database is named by AWS Backup (awsbackup-restore-test-*): adding the drill's"
                    + " instance to its cluster and setting its password are also bound by AWS Backup's awsbackup-restore-test"
                    + " tag on it.");
        }
        wildcards.add("/^Resource::arn:aws[a-z-]*:rds:[a-z0-9-]+:\\d{12}:(db|cluster|snapshot|cluster-snapshot|og|pg|cluster-pg|secgrp):(drill-|awsbackup-restore-test-)?\\*$/g");
        wildcards.add("/^Resource::arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:(restore-drill\\/)?\\*$/g");
        if (task == Task.COPY) {
            reason.append(" Source-region KMS keys (key/*): the source databases' keys belong to their owners and are"
                    + " unknown here; they are usable only by RDS in the source region (kms:ViaService) for the copy.");
            wildcards.add("/^Resource::arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key\\/\\*$/g");
        }
        if (task == Task.VERIFY || task == Task.PUBLISH) {
            reason.append(" Evidence bucket objects under verification/ and reports/ only: keys hold the source and drill id.");
            wildcards.add("/^Resource::<Evidence[A-Za-z0-9]+\\.Arn>\\/(verification|reports)\\/\\*$/g");
        }
        if (task == Task.PLAN || task == Task.RESTORE) {
            reason.append(" Automated backups in the recovery region (auto-backup:*): RDS names the replicated backups of a"
                    + " source (ab-<random>) when replication starts; a point-in-time drill describes them and restores"
                    + " from them only into a drill-named, drill-tagged instance.");
            wildcards.add("/^Resource::arn:aws[a-z-]*:rds:[a-z0-9-]+:\\d{12}:auto-backup:\\*$/g");
        }
        if (task == Task.PLAN) {
            reason.append(" Evidence bucket objects under suites/ only, read: the suite an execution input names by key.");
            wildcards.add("/^Resource::<Evidence[A-Za-z0-9]+\\.Arn>\\/suites\\/\\*$/g");
        }
        Acknowledge.on(role, Acknowledge.findings("AwsSolutions-IAM5", reason.toString(), wildcards.toArray(String[]::new)));
    }

    /** Each function gets the settings its code reads, and no more (docs/deploy.md lists them). */
    static Map<String, String> environment(Task task, Wiring wiring) {
        DrillConfig config = wiring.config();
        Map<String, String> env = new LinkedHashMap<>();
        env.put(FunctionEnvironment.SOURCE_REGION, config.sourceRegion());
        env.put(FunctionEnvironment.RECOVERY_REGION, config.recoveryRegion());
        env.put("POWERTOOLS_SERVICE_NAME", Names.SERVICE);
        switch (task) {
            case PLAN -> {
                env.put(FunctionEnvironment.RESTORE_INSTANCE_CLASS, config.instanceClass());
                env.put(FunctionEnvironment.RESTORE_SUBNET_GROUP, Names.SUBNET_GROUP);
                env.put(FunctionEnvironment.RESTORE_SECURITY_GROUP_IDS, wiring.network().restoredDatabase().getSecurityGroupId());
                env.put(FunctionEnvironment.RECOVERY_KMS_KEY_ID, wiring.recoveryKeyArn());
                env.put(FunctionEnvironment.RECOVERY_VAULT, Names.RECOVERY_VAULT);
                env.put(FunctionEnvironment.RTO_BUDGET, config.budgets().rto());
                // a manual start without budgets gets the schedule's
                env.put(FunctionEnvironment.PHASE_BUDGETS, config.budgets().phases().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).collect(java.util.stream.Collectors.joining(",")));
                env.put(FunctionEnvironment.DRILL_TTL, config.drillTtl());
                // where the suites an input names by key (suiteKey) are kept, under suites/
                env.put(FunctionEnvironment.EVIDENCE_BUCKET, wiring.evidenceBucket());
            }
            // VERIFIER_ROLE_ARN is added once the Verify function's role exists (the constructor)
            case CREDENTIALS -> env.put(FunctionEnvironment.DRILL_SECRETS_KEY_ARN, wiring.keys().secrets().getKeyArn());
            case VERIFY -> env.put(FunctionEnvironment.EVIDENCE_BUCKET, wiring.evidenceBucket());
            case PUBLISH -> {
                env.put(FunctionEnvironment.EVIDENCE_BUCKET, wiring.evidenceBucket());
                env.put(FunctionEnvironment.TOPIC_ARN, wiring.topicArn());
                env.put(FunctionEnvironment.METRICS_NAMESPACE, Names.METRICS_NAMESPACE);
            }
            default -> {
                // the regions are all the others read
            }
        }
        return env;
    }

    public Function function(Task task) {
        return functions.get(task);
    }

    public Alias alias(Task task) {
        return aliases.get(task);
    }
}
