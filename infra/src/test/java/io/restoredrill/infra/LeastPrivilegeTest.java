package io.restoredrill.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.restoredrill.infra.Cfn.Statement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * A drill cannot modify or delete anything it did not create. GIVEN the example's stacks, THEN
 * every IAM statement allowing a destructive RDS, snapshot or Secrets Manager action requires
 * {@code aws:ResourceTag/restore-drill:managed = true}, except the restore test's password change,
 * which requires AWS Backup's {@code awsbackup-restore-test} tag on the database instead; every statement allowing a create requires
 * the drill tags in the request ({@code aws:RequestTag/restore-drill:managed = true}, and only the
 * four drill tag keys); KMS grants only for AWS resources through RDS; no action is a wildcard; and
 * each function's role allows exactly the API calls its code was seen to make, run under that very role
 * in the functions' tests, nothing more.
 */
class LeastPrivilegeTest {

    private static final Synthesized SYNTH = Synthesized.example();
    private static final Pattern DESTRUCTIVE = Pattern.compile(
            "rds:(Delete|Modify|Reboot|Stop|Failover|RemoveTagsFrom|Promote|Reset).*"
                    + "|secretsmanager:(DeleteSecret|PutSecretValue|UpdateSecret.*|GetSecretValue|RestoreSecret|PutResourcePolicy)");
    private static final Pattern CREATE = Pattern.compile(
            "rds:(Create|Copy|Restore|AddTagsTo).*|secretsmanager:(CreateSecret|TagResource)");
    private static final List<String> DRILL_TAG_KEYS = List.of(Names.TAG_MANAGED, Names.TAG_ID, Names.TAG_SOURCE,
            Names.TAG_EXPIRES_AT);

    /** What the Lambda runtime does for every function: write its log group, send traces. */
    private static final Set<String> EVERY_FUNCTION = Set.of("logs:CreateLogStream", "logs:PutLogEvents",
            "xray:PutTraceSegments", "xray:PutTelemetryRecords");
    /**
     * What AWS does on a function's behalf, never a call of its code: Lambda attaches Verify to the VPC and puts a
     * failed asynchronous Janitor event into its dead-letter queue. KMS is used by RDS, S3, SNS and SQS on the
     * caller's behalf ({@link #kmsGrantsOnlyForAwsResourcesThroughRds} holds those statements to that).
     */
    private static final Map<Task, Set<String>> ON_ITS_BEHALF = Map.of(
            Task.VERIFY, Set.of("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets",
                    "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"),
            Task.JANITOR, Set.of("sqs:SendMessage"),
            Task.RESTORE_TEST_VALIDATOR, Set.of("sqs:SendMessage"));
    /** AWS Backup's tag on what a restore testing plan restored: required on the resource, any value. */
    private static final String RESTORE_TEST_TAG = "aws:ResourceTag/" + Names.TAG_AWS_BACKUP_RESTORE_TEST;
    /**
     * The calls each function's code made in the functions module's tests, where every Task ran as a role holding its
     * synthesized policy (infra/policies/) and every call was authorized and recorded (functions' AuthorizedCalls).
     */
    static final Path RECORDED_CALLS = Synthesized.INFRA.resolve("../functions/target/recorded-calls").normalize();

    @Test
    void everyDestructiveStatementRequiresTheManagedTagOnTheResource() {
        List<Statement> destructive = allStatements().stream().filter(s -> s.hasAction(a -> DESTRUCTIVE.matcher(a).matches())).toList();
        assertThat(destructive).isNotEmpty();
        for (Statement statement : destructive) {
            if (requiresRestoreTestTag(statement)) {
                // A database AWS Backup restored for a restore test: named and tagged by AWS Backup, never by a drill.
                assertThat(statement.actions()).as(statement.sid())
                        .containsExactlyInAnyOrder("rds:ModifyDBInstance", "rds:ModifyDBCluster");
                // ... and by name too: a tag alone is no proof
                assertThat(statement.resources()).as(statement.sid()).containsExactlyInAnyOrder(
                        "arn:aws:rds:eu-west-1:111111111111:db:awsbackup-restore-test-*",
                        "arn:aws:rds:eu-west-1:111111111111:cluster:awsbackup-restore-test-*");
                continue;
            }
            if ("StopReplicationOfThisSource".equals(statement.sid())) {
                // The source stack stops the replication it started of a configured source's backups (pitr), when the
                // block or the stack goes: that one action, on that source by its exact ARN.
                assertThat(statement.actions()).containsExactly("rds:StopDBInstanceAutomatedBackupsReplication");
                assertThat(statement.resources()).containsExactly("arn:aws:rds:eu-central-1:111111111111:db:shop-prod");
                assertThat(Cfn.statements(SYNTH.source())).contains(statement);
                continue;
            }
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
        for (Task task : List.of(Task.SNAPSHOT, Task.COPY, Task.RESTORE, Task.CREDENTIALS, Task.CLEANUP, Task.JANITOR)) {
            for (Statement statement : statementsOf(task)) {
                boolean changes = statement.hasAction(a -> DESTRUCTIVE.matcher(a).matches() && !a.endsWith("GetSecretValue"))
                        || statement.hasAction(a -> a.startsWith("rds:AddTagsTo") || a.equals("secretsmanager:CreateSecret"));
                if (changes && !requiresRestoreTestTag(statement)) {
                    assertThat(statement.resources()).as("%s %s", task, statement.sid())
                            .allMatch(r -> r.contains(":" + Names.DRILL_RESOURCE_PREFIX + "*")
                                    || r.endsWith(":secret:" + Names.DRILL_SECRET_PREFIX + "*"));
                }
            }
        }
    }

    @Test
    void theJanitorDeletesDatabasesAndSecretsOnlyInTheRecoveryRegionAndNeverByTagAlone() {
        // A production database somebody tags restore-drill:managed=true is not drill-named: IAM refuses its delete,
        // as the Janitor's code does (functions' JanitorStepTest); a drill restores only in the recovery region.
        Map<String, List<String>> deletes = new java.util.TreeMap<>();
        statementsOf(Task.JANITOR).stream().filter(st -> st.hasAction(a -> a.contains(":Delete"))).forEach(st ->
                st.actions().forEach(action -> deletes.computeIfAbsent(action, a -> new ArrayList<>()).addAll(st.resources())));
        assertThat(deletes).containsOnlyKeys("rds:DeleteDBInstance", "rds:DeleteDBCluster", "rds:DeleteDBSnapshot",
                "rds:DeleteDBClusterSnapshot", "secretsmanager:DeleteSecret");
        List<String> databases = List.of("arn:aws:rds:eu-west-1:111111111111:db:drill-*",
                "arn:aws:rds:eu-west-1:111111111111:cluster:drill-*");
        List<String> snapshots = List.of("arn:aws:rds:eu-central-1:111111111111:snapshot:drill-*",
                "arn:aws:rds:eu-west-1:111111111111:snapshot:drill-*",
                "arn:aws:rds:eu-central-1:111111111111:cluster-snapshot:drill-*",
                "arn:aws:rds:eu-west-1:111111111111:cluster-snapshot:drill-*");
        assertThat(deletes.get("rds:DeleteDBInstance")).containsExactlyInAnyOrderElementsOf(databases);
        assertThat(deletes.get("rds:DeleteDBCluster")).containsExactlyInAnyOrderElementsOf(databases);
        assertThat(deletes.get("rds:DeleteDBSnapshot")).containsExactlyInAnyOrderElementsOf(snapshots);
        assertThat(deletes.get("rds:DeleteDBClusterSnapshot")).containsExactlyInAnyOrderElementsOf(snapshots);
        assertThat(deletes.get("secretsmanager:DeleteSecret"))
                .containsExactly("arn:aws:secretsmanager:eu-west-1:111111111111:secret:restore-drill/*");
    }

    @Test
    void verifyAndPublishListTheEvidenceBucketOnlyUnderReportsAndVerifyAlsoItsProgressUnderVerification() {
        for (Task task : List.of(Task.VERIFY, Task.PUBLISH)) {
            List<Statement> listings = statementsOf(task).stream().filter(s -> s.actions().contains("s3:ListBucket")).toList();
            assertThat(listings).as(task.taskName()).allSatisfy(listing -> assertThat(listing.actions())
                    .containsExactly("s3:ListBucket"));
            assertThat(listings).as(task.taskName()).extracting(listing -> listing.condition("StringLike", "s3:prefix"))
                    .containsExactlyInAnyOrderElementsOf(task == Task.VERIFY ? List.of("reports/*", "verification/*")
                            : List.of("reports/*"));
        }
    }

    @Test
    void kmsGrantsOnlyForAwsResourcesThroughRds() {
        List<Statement> grants = allStatements().stream().filter(s -> s.actions().contains("kms:CreateGrant")).toList();
        // Copy's two keys, Restore's, AWS Backup's restore role for restore tests (the recovery key), and the source
        // stack's replication of shop-prod's automated backups (the recovery key, through RDS in the recovery region)
        assertThat(grants).hasSize(5);
        for (Statement grant : grants) {
            assertThat(grant.actions()).containsExactly("kms:CreateGrant");
            assertThat(grant.condition("Bool", "kms:GrantIsForAWSResource")).isEqualTo("true");
            assertThat(String.valueOf(grant.condition("StringEquals", "kms:ViaService"))).matches("rds\\.[a-z0-9-]+\\.amazonaws\\.com");
        }
        assertThat(allStatements().stream().filter(s -> s.hasAction(a -> a.startsWith("kms:")) && !s.actions().contains("kms:CreateGrant"))
                .filter(s -> !"FindTheRecoveryRegionsSnapshotsKeyByItsAlias".equals(s.sid())))
                .allSatisfy(s -> assertThat(s.conditions().toString()).as(s.sid()).contains("kms:ViaService"));
        // The one direct KMS call: the source stack looks the recovery key up by its alias, and nothing else.
        Statement lookup = allStatements().stream().filter(s -> "FindTheRecoveryRegionsSnapshotsKeyByItsAlias".equals(s.sid()))
                .findFirst().orElseThrow();
        assertThat(lookup.actions()).containsExactly("kms:DescribeKey");
        assertThat(lookup.condition("StringEquals", "kms:RequestAlias")).isEqualTo(Names.SNAPSHOTS_KEY_ALIAS);
    }

    @Test
    void noPolicyAllowsAWildcardAction() {
        assertThat(allStatements()).allSatisfy(s -> assertThat(s.actions()).as(s.sid()).noneMatch(a -> a.contains("*")));
    }

    @Test
    void eachFunctionRoleAllowsExactlyTheCallsItsCodeWasSeenToMake() {
        Template recovery = SYNTH.recovery();
        for (Task task : Task.values()) {
            Set<String> allowed = new TreeSet<>();
            statementsOf(task).forEach(s -> allowed.addAll(s.actions()));
            allowed.removeAll(EVERY_FUNCTION);
            allowed.removeAll(ON_ITS_BEHALF.getOrDefault(task, Set.of()));
            allowed.removeIf(action -> action.startsWith("kms:"));
            assertThat(allowed).as("%s: what its role allows (left) against what its code was seen to call in the functions'"
                    + " tests (right); grant a call that was seen, drop a permission never used", task.taskName())
                    .isEqualTo(recorded(task));
            Map<String, Object> role = Cfn.properties(recovery, "AWS::IAM::Role").get(Functions.roleId(recovery, task));
            assertThat(role).as(task.taskName()).doesNotContainKeys("ManagedPolicyArns", "Policies");
            assertThat(Cfn.render(role.get("AssumeRolePolicyDocument"))).contains("lambda.amazonaws.com");
        }
    }

    @Test
    void theDrillStateMachineMayInvokeOnlyTheDrillFunctionsAliases() {
        assertThat(invokedBy(Names.DRILL_STATE_MACHINE)).containsExactlyInAnyOrderElementsOf(aliasRefs(Task.DRILL_STATES));
    }

    @Test
    void theRestoreTestStateMachineMayInvokeOnlyItsStatesAliases() {
        assertThat(invokedBy(Names.RESTORE_TEST_STATE_MACHINE)).containsExactlyInAnyOrderElementsOf(
                aliasRefs(Task.RESTORE_TEST_STATES));
        assertThat(invokedBy(Names.DRILL_STATE_MACHINE)).doesNotContain(
                "<Ref:" + Functions.aliasId(SYNTH.recovery(), Task.ANSWER_RESTORE_TEST) + ">");
    }

    @Test
    void onlyRestoreTestStatementsActOnDatabasesAwsBackupRestoredAndOnlyInTheRecoveryRegion() {
        List<Statement> restoreTest = allStatements().stream().filter(LeastPrivilegeTest::requiresRestoreTestTag).toList();
        assertThat(restoreTest).extracting(Statement::sid).containsExactlyInAnyOrder("SetPasswordOfRestoreTestDatabase",
                "AddDrillInstanceToRestoreTestCluster");
        Statement create = restoreTest.stream().filter(s -> "AddDrillInstanceToRestoreTestCluster".equals(s.sid())).findFirst()
                .orElseThrow();
        assertThat(create.actions()).containsExactly("rds:CreateDBInstance");
        assertThat(create.resources()).containsExactly("arn:aws:rds:eu-west-1:111111111111:cluster:awsbackup-restore-test-*");
        // the instance it adds is the drill's own: drill tags in the request, as every create
        assertThat(create.condition("StringEquals", "aws:RequestTag/" + Names.TAG_MANAGED)).isEqualTo("true");
        assertThat(statementsOf(Task.RESTORE)).contains(create);
        assertThat(statementsOf(Task.CREDENTIALS)).anyMatch(s -> "SetPasswordOfRestoreTestDatabase".equals(s.sid()));
    }

    private static boolean requiresRestoreTestTag(Statement statement) {
        return "false".equals(statement.condition("Null", RESTORE_TEST_TAG));
    }

    private static List<String> invokedBy(String machineName) {
        Template recovery = SYNTH.recovery();
        String role = Cfn.target(Cfn.properties(recovery, "AWS::StepFunctions::StateMachine").entrySet().stream()
                .filter(e -> machineName.equals(e.getValue().get("StateMachineName")))
                .findFirst().orElseThrow().getValue().get("RoleArn"));
        return allStatements().stream().filter(s -> s.roles().contains("<Ref:" + role + ">"))
                .filter(s -> s.actions().contains("lambda:InvokeFunction"))
                .flatMap(s -> s.resources().stream()).distinct().toList();
    }

    private static List<String> aliasRefs(List<Task> tasks) {
        return tasks.stream().map(task -> "<Ref:" + Functions.aliasId(SYNTH.recovery(), task) + ">").toList();
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

    private static Set<String> recorded(Task task) {
        Path calls = RECORDED_CALLS.resolve(task.taskName());
        assertThat(RECORDED_CALLS).as("the functions' tests record each Task's calls in %s; run them first (mvn verify from"
                + " the repository root does)", RECORDED_CALLS).isDirectory();
        if (!Files.isDirectory(calls)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(calls)) {
            return files.map(f -> f.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
