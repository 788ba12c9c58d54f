package io.restoredrill.infra;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.restoredrill.infra.Cfn.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * A drill cannot modify or delete anything it did not create. GIVEN the example's stacks, THEN
 * every IAM statement allowing a destructive RDS, snapshot or Secrets Manager action requires
 * {@code aws:ResourceTag/restore-drill:managed = true}; every statement allowing a create requires
 * the drill tags in the request ({@code aws:RequestTag/restore-drill:managed = true}, and only the
 * four drill tag keys); KMS grants only for AWS resources through RDS; no action is a wildcard; and
 * each function's role allows exactly the API calls its code makes, nothing more.
 */
class LeastPrivilegeTest {

    private static final Synthesized SYNTH = Synthesized.example();
    private static final Pattern DESTRUCTIVE = Pattern.compile(
            "rds:(Delete|Modify|Reboot|Stop|Failover|RemoveTagsFrom|Promote|Reset).*"
                    + "|secretsmanager:(DeleteSecret|PutSecretValue|UpdateSecret.*|GetSecretValue|RestoreSecret)");
    private static final Pattern CREATE = Pattern.compile(
            "rds:(Create|Copy|Restore|AddTagsTo).*|secretsmanager:(CreateSecret|TagResource)");
    private static final List<String> DRILL_TAG_KEYS = List.of(Names.TAG_MANAGED, Names.TAG_ID, Names.TAG_SOURCE,
            Names.TAG_EXPIRES_AT);

    private static final Set<String> DESCRIBE = Set.of("rds:DescribeDBInstances", "rds:DescribeDBClusters",
            "rds:DescribeDBSnapshots", "rds:DescribeDBClusterSnapshots", "rds:ListTagsForResource");
    private static final Set<String> EVERY_FUNCTION = Set.of("logs:CreateLogStream", "logs:PutLogEvents",
            "xray:PutTraceSegments", "xray:PutTelemetryRecords");
    /** What each handler's code calls (functions/src/main/java/io/restoredrill/aws/**); docs/security.md has the table. */
    private static final Map<Task, Set<String>> CALLS = Map.ofEntries(
            entry(Task.PLAN, DESCRIBE),
            entry(Task.SNAPSHOT, Set.of("rds:DescribeDBSnapshots", "rds:DescribeDBClusterSnapshots", "rds:ListTagsForResource",
                    "rds:CreateDBSnapshot", "rds:CreateDBClusterSnapshot", "rds:AddTagsToResource",
                    "backup:ListRecoveryPointsByBackupVault")),
            entry(Task.CHECK_SNAPSHOT, Set.of("rds:DescribeDBSnapshots", "rds:DescribeDBClusterSnapshots")),
            entry(Task.COPY, Set.of("rds:DescribeDBSnapshots", "rds:DescribeDBClusterSnapshots", "rds:ListTagsForResource",
                    "rds:CopyDBSnapshot", "rds:CopyDBClusterSnapshot", "rds:AddTagsToResource", "kms:CreateGrant",
                    "kms:DescribeKey")),
            entry(Task.CHECK_COPY, Set.of("rds:DescribeDBSnapshots", "rds:DescribeDBClusterSnapshots")),
            entry(Task.RESTORE, union(DESCRIBE, Set.of("rds:RestoreDBInstanceFromDBSnapshot", "rds:RestoreDBClusterFromSnapshot",
                    "rds:CreateDBInstance", "rds:AddTagsToResource", "kms:CreateGrant", "kms:DescribeKey"))),
            entry(Task.CHECK_RESTORE, Set.of("rds:DescribeDBInstances", "rds:DescribeDBClusters")),
            entry(Task.CREDENTIALS, Set.of("rds:DescribeDBInstances", "rds:DescribeDBClusters", "rds:ListTagsForResource",
                    "rds:ModifyDBInstance", "rds:ModifyDBCluster", "secretsmanager:CreateSecret", "secretsmanager:TagResource",
                    "secretsmanager:DescribeSecret", "secretsmanager:PutSecretValue")),
            entry(Task.VERIFY, Set.of("secretsmanager:GetSecretValue", "s3:PutObject", "kms:GenerateDataKey",
                    "ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets",
                    "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses")),
            entry(Task.CLEANUP, union(DESCRIBE, Set.of("rds:DeleteDBInstance", "rds:DeleteDBCluster", "rds:DeleteDBSnapshot",
                    "rds:DeleteDBClusterSnapshot", "secretsmanager:DescribeSecret", "secretsmanager:DeleteSecret"))),
            entry(Task.PUBLISH, Set.of("s3:ListBucket", "s3:GetObject", "s3:PutObject", "sns:Publish", "kms:GenerateDataKey",
                    "kms:Decrypt")),
            entry(Task.JANITOR, union(DESCRIBE, Set.of("rds:DeleteDBInstance", "rds:DeleteDBCluster", "rds:DeleteDBSnapshot",
                    "rds:DeleteDBClusterSnapshot", "secretsmanager:ListSecrets", "secretsmanager:DeleteSecret",
                    "sqs:SendMessage", "kms:GenerateDataKey", "kms:Decrypt"))));

    @Test
    void everyDestructiveStatementRequiresTheManagedTagOnTheResource() {
        List<Statement> destructive = allStatements().stream().filter(s -> s.hasAction(a -> DESTRUCTIVE.matcher(a).matches())).toList();
        assertThat(destructive).isNotEmpty();
        for (Statement statement : destructive) {
            assertThat(statement.condition("StringEquals", "aws:ResourceTag/" + Names.TAG_MANAGED))
                    .as("%s %s in %s", statement.sid(), statement.actions(), statement.policy()).isEqualTo("true");
            assertThat(statement.actions()).as(statement.sid()).allMatch(a -> DESTRUCTIVE.matcher(a).matches()
                    || a.equals("secretsmanager:DescribeSecret"));
        }
    }

    @Test
    void everyCreateStatementRequiresTheDrillTagsInTheRequest() {
        List<Statement> creates = allStatements().stream().filter(s -> s.hasAction(a -> CREATE.matcher(a).matches())).toList();
        assertThat(creates).hasSizeGreaterThanOrEqualTo(8);
        for (Statement statement : creates) {
            if ("CopyReadsSourceSnapshots".equals(statement.sid())) {
                // The source side of a cross-region copy: it names the source snapshot and creates nothing there.
                assertThat(statement.actions()).containsExactlyInAnyOrder("rds:CopyDBSnapshot", "rds:CopyDBClusterSnapshot");
                assertThat(statement.resources()).containsExactlyInAnyOrder(
                        "arn:aws:rds:eu-central-1:111111111111:snapshot:*", "arn:aws:rds:eu-central-1:111111111111:cluster-snapshot:*");
                continue;
            }
            assertThat(statement.condition("StringEquals", "aws:RequestTag/" + Names.TAG_MANAGED))
                    .as("%s %s", statement.sid(), statement.actions()).isEqualTo("true");
            assertThat(Cfn.strings(statement.condition("ForAllValues:StringEquals", "aws:TagKeys")))
                    .as(statement.sid()).containsExactlyInAnyOrderElementsOf(DRILL_TAG_KEYS);
        }
    }

    @Test
    void drillFunctionsCreateChangeAndDeleteOnlyDrillNamedResources() {
        for (Task task : List.of(Task.SNAPSHOT, Task.COPY, Task.RESTORE, Task.CREDENTIALS, Task.CLEANUP)) {
            for (Statement statement : statementsOf(task)) {
                boolean changes = statement.hasAction(a -> DESTRUCTIVE.matcher(a).matches() && !a.endsWith("GetSecretValue"))
                        || statement.hasAction(a -> a.startsWith("rds:AddTagsTo") || a.equals("secretsmanager:CreateSecret"));
                if (changes) {
                    assertThat(statement.resources()).as("%s %s", task, statement.sid())
                            .allMatch(r -> r.contains(":" + Names.DRILL_RESOURCE_PREFIX + "*")
                                    || r.endsWith(":secret:" + Names.DRILL_SECRET_PREFIX + "*"));
                }
            }
        }
    }

    @Test
    void kmsGrantsOnlyForAwsResourcesThroughRds() {
        List<Statement> grants = allStatements().stream().filter(s -> s.actions().contains("kms:CreateGrant")).toList();
        assertThat(grants).hasSize(3);
        for (Statement grant : grants) {
            assertThat(grant.actions()).containsExactly("kms:CreateGrant");
            assertThat(grant.condition("Bool", "kms:GrantIsForAWSResource")).isEqualTo("true");
            assertThat(String.valueOf(grant.condition("StringEquals", "kms:ViaService"))).matches("rds\\.[a-z0-9-]+\\.amazonaws\\.com");
        }
        assertThat(allStatements().stream().filter(s -> s.hasAction(a -> a.startsWith("kms:")) && !s.actions().contains("kms:CreateGrant")))
                .allSatisfy(s -> assertThat(s.conditions().toString()).as(s.sid()).contains("kms:ViaService"));
    }

    @Test
    void noPolicyAllowsAWildcardAction() {
        assertThat(allStatements()).allSatisfy(s -> assertThat(s.actions()).as(s.sid()).noneMatch(a -> a.contains("*")));
    }

    @Test
    void eachFunctionRoleAllowsExactlyTheCallsItsCodeMakes() {
        Template recovery = SYNTH.recovery();
        for (Task task : Task.values()) {
            Set<String> allowed = new TreeSet<>();
            statementsOf(task).forEach(s -> allowed.addAll(s.actions()));
            assertThat(allowed).as(task.taskName()).isEqualTo(new TreeSet<>(union(CALLS.get(task), EVERY_FUNCTION)));
            Map<String, Object> role = Cfn.properties(recovery, "AWS::IAM::Role").get(Functions.roleId(recovery, task));
            assertThat(role).as(task.taskName()).doesNotContainKeys("ManagedPolicyArns", "Policies");
            assertThat(Cfn.render(role.get("AssumeRolePolicyDocument"))).contains("lambda.amazonaws.com");
        }
    }

    @Test
    void theDrillStateMachineMayInvokeOnlyTheDrillFunctionsAliases() {
        Template recovery = SYNTH.recovery();
        String drillRole = Cfn.target(Cfn.properties(recovery, "AWS::StepFunctions::StateMachine").entrySet().stream()
                .filter(e -> Names.DRILL_STATE_MACHINE.equals(e.getValue().get("StateMachineName")))
                .findFirst().orElseThrow().getValue().get("RoleArn"));
        List<String> invoked = allStatements().stream().filter(s -> s.roles().contains("<Ref:" + drillRole + ">"))
                .filter(s -> s.actions().contains("lambda:InvokeFunction"))
                .flatMap(s -> s.resources().stream()).distinct().toList();
        List<String> aliases = new ArrayList<>();
        for (Task task : Task.values()) {
            if (task != Task.JANITOR) {
                aliases.add("<Ref:" + Functions.aliasId(recovery, task) + ">");
            }
        }
        assertThat(invoked).containsExactlyInAnyOrderElementsOf(aliases);
    }

    private static List<Statement> allStatements() {
        List<Statement> all = new ArrayList<>(Cfn.statements(SYNTH.source()));
        all.addAll(Cfn.statements(SYNTH.recovery()));
        return all;
    }

    private static List<Statement> statementsOf(Task task) {
        String role = "<Ref:" + Functions.roleId(SYNTH.recovery(), task) + ">";
        return Cfn.statements(SYNTH.recovery()).stream().filter(s -> s.roles().contains(role)).toList();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
