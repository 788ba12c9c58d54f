package io.restoredrill.infra.recovery;

import io.restoredrill.core.deployment.EvidencePrefixes;
import io.restoredrill.core.deployment.DrillTagKeys;
import io.restoredrill.infra.Names;
import io.restoredrill.infra.Task;
import io.restoredrill.infra.shared.Keys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.sns.ITopic;

/**
 * Each function's permissions, exactly the API calls its code makes (functions/src/main/java/
 * io/restoredrill/aws/**), scoped to the two regions and this account:
 * <ul>
 *   <li>creating (snapshot, copy, restore, writer, secret, tags) requires the drill tags in the request:
 *       {@code aws:RequestTag/restore-drill:managed = true} and only the four drill tag keys;</li>
 *   <li>destroying or changing (delete, modify, new secret value) and reading a drill secret require
 *       {@code aws:ResourceTag/restore-drill:managed = true} on the resource;</li>
 *   <li>the one exception, for restore tests: a database AWS Backup's restore testing restored is named by AWS Backup
 *       and tagged {@code awsbackup-restore-test}; Credentials may set its password and Restore may add the drill's
 *       instance to its cluster only where that tag is on the resource;</li>
 *   <li>KMS keys are used only through the service that needs them, RDS, S3, SNS, SQS or Secrets Manager
 *       ({@code kms:ViaService}), and grants only for AWS resources.</li>
 * </ul>
 * The code checks the same tags before every destructive call; IAM enforces them again.
 */
final class TaskPolicies {

    static final String VERIFICATION_PREFIX = EvidencePrefixes.VERIFICATION;
    static final String REPORTS_PREFIX = EvidencePrefixes.REPORTS;
    static final String SUITES_PREFIX = EvidencePrefixes.SUITES;
    /** The Sid of the one create statement without tag conditions: the source side of a cross-region copy. */
    static final String COPY_READS_SOURCE = "CopyReadsSourceSnapshots";

    static final List<String> DRILL_TAG_KEYS = List.of(Names.TAG_MANAGED, Names.TAG_ID, Names.TAG_SOURCE, Names.TAG_EXPIRES_AT);
    static final Map<String, Object> RESOURCE_IS_DRILL_OWNED = Map.of(
            "StringEquals", Map.of("aws:ResourceTag/" + Names.TAG_MANAGED, "true"));
    static final Map<String, Object> REQUEST_TAGS_ARE_DRILL_TAGS = Map.of(
            "StringEquals", Map.of("aws:RequestTag/" + Names.TAG_MANAGED, "true"),
            "ForAllValues:StringEquals", Map.of("aws:TagKeys", DRILL_TAG_KEYS));
    /**
     * The resource carries AWS Backup's restore-test tag (any value): a database a restore testing plan restored, whose
     * name is AWS Backup's, not ours. Only the restore-test machine's steps act on such a database, and only as it names
     * the restore job's own resource; AWS Backup deletes it when the validation window closes.
     */
    static final Map<String, Object> RESOURCE_IS_RESTORE_TEST = Map.of(
            "Null", Map.of("aws:ResourceTag/" + Names.TAG_AWS_BACKUP_RESTORE_TEST, "false"));
    /** How AWS Backup names what a restore testing plan restores: with the tag, the name too (a tag alone is no proof). */
    static final String RESTORE_TEST_NAMES = DrillTagKeys.AWS_BACKUP_RESTORE_TEST_NAME_PREFIX + "*";
    /** The one restore-testing call of Plan; AWS Backup's restore-job calls have no resource-level permissions. */
    static final String DESCRIBE_RESTORE_JOB = "backup:DescribeRestoreJob";
    static final String PUT_RESTORE_VALIDATION_RESULT = "backup:PutRestoreValidationResult";

    static final String DESCRIBE_AUTOMATED_BACKUPS = "rds:DescribeDBInstanceAutomatedBackups";
    static final String RESTORE_TO_POINT_IN_TIME = "rds:RestoreDBInstanceToPointInTime";
    /** The resource type of automated backups ({@code arn:aws:rds:<region>:<account>:auto-backup:ab-…}). */
    static final String AUTO_BACKUP = "auto-backup";

    private static final List<String> DESCRIBE = List.of("rds:DescribeDBInstances", "rds:DescribeDBClusters",
            "rds:DescribeDBSnapshots", "rds:DescribeDBClusterSnapshots", "rds:ListTagsForResource");
    /** The describes without ListTagsForResource: they return each resource's tags themselves. */
    private static final List<String> DESCRIBE_WITHOUT_TAGS = List.of("rds:DescribeDBInstances", "rds:DescribeDBClusters",
            "rds:DescribeDBSnapshots", "rds:DescribeDBClusterSnapshots");
    private static final List<String> DESCRIBE_SNAPSHOTS = List.of("rds:DescribeDBSnapshots", "rds:DescribeDBClusterSnapshots");
    private static final List<String> DESCRIBE_SNAPSHOTS_AND_TAGS = List.of("rds:DescribeDBSnapshots",
            "rds:DescribeDBClusterSnapshots", "rds:ListTagsForResource");
    private static final List<String> DESCRIBE_DATABASES = List.of("rds:DescribeDBInstances", "rds:DescribeDBClusters");
    private static final List<String> DESCRIBE_DATABASES_AND_TAGS = List.of("rds:DescribeDBInstances",
            "rds:DescribeDBClusters", "rds:ListTagsForResource");
    private static final List<String> RDS_TYPES = List.of("db", "cluster", "snapshot", "cluster-snapshot");
    private static final List<String> DATABASE_TYPES = List.of("db", "cluster");
    private static final List<String> SNAPSHOT_TYPES = List.of("snapshot", "cluster-snapshot");

    private final ArnPatterns arns;
    private final IKey snapshotKey;
    private final IKey dataKey;
    private final IKey secretsKey;
    private final IBucket evidence;
    private final ITopic topic;

    TaskPolicies(ArnPatterns arns, IKey snapshotKey, IKey dataKey, IKey secretsKey, IBucket evidence, ITopic topic) {
        this.arns = arns;
        this.snapshotKey = snapshotKey;
        this.dataKey = dataKey;
        this.secretsKey = secretsKey;
        this.evidence = evidence;
        this.topic = topic;
    }

    List<PolicyStatement> of(Task task) {
        String source = arns.sourceRegion();
        String recovery = arns.recoveryRegion();
        List<String> both = arns.bothRegions();
        List<PolicyStatement> statements = new ArrayList<>();
        switch (task) {
            // Plan resolves the source and checks that no foreign resource holds a drill name: reads only.
            case PLAN -> {
                statements.add(describe("DescribeSourceAndDrillNames", DESCRIBE, both, RDS_TYPES));
                // The suite an execution input names by key (suiteKey): read, never written, by Plan.
                statements.add(allow("ReadSuites", List.of("s3:GetObject"), List.of(evidence.arnForObjects(SUITES_PREFIX + "*")),
                        null));
                statements.add(viaService("ReadEncryptedSuites", List.of("kms:Decrypt"), dataKey, "s3", recovery));
                // A restore test's Plan checks the restore job (completed, by this plan, of this source); no resource ARN.
                statements.add(allow("DescribeRestoreTestJob", List.of(DESCRIBE_RESTORE_JOB), List.of("*"), null));
                // A point-in-time drill's Plan finds the source's replicated automated backups in the recovery region.
                statements.add(describeReplicatedBackups());
            }
            case SNAPSHOT -> {
                statements.add(describe("DescribeSnapshotsOfSource", DESCRIBE_SNAPSHOTS_AND_TAGS, List.of(source), SNAPSHOT_TYPES));
                statements.add(allow("CreateTaggedSnapshotOfSource", List.of("rds:CreateDBSnapshot", "rds:CreateDBClusterSnapshot"),
                        concat(arns.rds(List.of(source), List.of("db", "cluster"), "*"),
                                arns.drillOwned(List.of(source), SNAPSHOT_TYPES)), REQUEST_TAGS_ARE_DRILL_TAGS));
                statements.add(tagDrillOwned("TagNewSnapshot", List.of(source), SNAPSHOT_TYPES));
                statements.add(allow("FindRecoveryPoints", List.of("backup:ListRecoveryPointsByBackupVault"),
                        List.of(arns.recoveryVault()), null));
            }
            // A snapshot being checked may be in the recovery region too (a recovery point, or a given ARN).
            case CHECK_SNAPSHOT -> statements.add(describe("DescribeSnapshot", DESCRIBE_SNAPSHOTS, both, SNAPSHOT_TYPES));
            case COPY -> {
                statements.add(describe("DescribeCopy", DESCRIBE_SNAPSHOTS_AND_TAGS, List.of(recovery), SNAPSHOT_TYPES));
                statements.add(allow("CreateTaggedCopyInRecoveryRegion", List.of("rds:CopyDBSnapshot", "rds:CopyDBClusterSnapshot"),
                        arns.drillOwned(List.of(recovery), SNAPSHOT_TYPES), REQUEST_TAGS_ARE_DRILL_TAGS));
                // The source side of a cross-region copy is authorized on the source snapshot (any name: manual,
                // automated or AWS Backup). It takes no tag condition: that side is authorized from the presigned
                // source-region request, whose tags AWS does not document; a condition here could stop every copy.
                // docs/security.md: Copy's credentials could make an untagged copy inside the source region.
                statements.add(allow(COPY_READS_SOURCE, List.of("rds:CopyDBSnapshot", "rds:CopyDBClusterSnapshot"),
                        arns.rds(List.of(source), SNAPSHOT_TYPES, "*"), null));
                statements.add(tagDrillOwned("TagNewCopy", List.of(recovery), SNAPSHOT_TYPES));
                statements.addAll(rdsGrant("RdsReencryptsCopyWithRecoveryKey", List.of(snapshotKey.getKeyArn()), recovery));
                statements.addAll(rdsGrant("RdsDecryptsSourceSnapshot", List.of(arns.kmsKeys(source)), source));
            }
            case CHECK_COPY -> statements.add(describe("DescribeCopy", DESCRIBE_SNAPSHOTS, List.of(recovery), SNAPSHOT_TYPES));
            case RESTORE -> {
                statements.add(describe("DescribeCopiesAndRestored", DESCRIBE, List.of(recovery), RDS_TYPES));
                statements.add(allow("RestoreTaggedIntoIsolatedSubnets", List.of("rds:RestoreDBInstanceFromDBSnapshot",
                                "rds:RestoreDBClusterFromSnapshot", "rds:CreateDBInstance"),
                        concat(arns.drillOwned(List.of(recovery), List.of("db", "cluster")),
                                arns.rds(List.of(recovery), SNAPSHOT_TYPES, "*"),
                                List.of(arns.rds(recovery, "subgrp", Names.SUBNET_GROUP),
                                        arns.rds(recovery, "og", "*"), arns.rds(recovery, "pg", "*"),
                                        arns.rds(recovery, "cluster-pg", "*"), arns.rds(recovery, "secgrp", "*"))),
                        REQUEST_TAGS_ARE_DRILL_TAGS));
                // A restore test of an Aurora source: AWS Backup restored the cluster (its name, its tag) without an
                // instance; the drill adds its own drill-named, drill-tagged instance (the statement above) INTO that
                // cluster, which CreateDBInstance authorizes on the cluster too: only a cluster AWS Backup restored.
                statements.add(allow("AddDrillInstanceToRestoreTestCluster", List.of("rds:CreateDBInstance"),
                        List.of(arns.rds(recovery, "cluster", RESTORE_TEST_NAMES)),
                        merge(REQUEST_TAGS_ARE_DRILL_TAGS, RESOURCE_IS_RESTORE_TEST)));
                // A point-in-time drill: the replicated automated backups' window, read just before the restore, and the
                // restore itself, from those backups into a drill-named, drill-tagged instance in the isolated subnets.
                statements.add(describeReplicatedBackups());
                statements.add(allow("RestorePointInTimeTaggedIntoIsolatedSubnets", List.of(RESTORE_TO_POINT_IN_TIME),
                        concat(arns.drillOwned(List.of(recovery), List.of("db")),
                                List.of(arns.rds(recovery, AUTO_BACKUP, "*"), arns.rds(recovery, "subgrp", Names.SUBNET_GROUP),
                                        arns.rds(recovery, "og", "*"), arns.rds(recovery, "pg", "*"))),
                        REQUEST_TAGS_ARE_DRILL_TAGS));
                statements.add(tagDrillOwned("TagRestored", List.of(recovery), List.of("db", "cluster")));
                statements.addAll(rdsGrant("RdsDecryptsCopyWithRecoveryKey", List.of(snapshotKey.getKeyArn()), recovery));
            }
            case CHECK_RESTORE -> statements.add(describe("DescribeRestored", DESCRIBE_DATABASES, List.of(recovery), DATABASE_TYPES));
            case CREDENTIALS -> {
                statements.add(describe("DescribeRestored", DESCRIBE_DATABASES_AND_TAGS, List.of(recovery), DATABASE_TYPES));
                statements.add(allow("SetPasswordOfDrillOwnedDatabase", List.of("rds:ModifyDBInstance", "rds:ModifyDBCluster"),
                        arns.drillOwned(List.of(recovery), List.of("db", "cluster")), RESOURCE_IS_DRILL_OWNED));
                // A restore test verifies the database AWS Backup restored (its name): its password is set only there.
                statements.add(allow("SetPasswordOfRestoreTestDatabase", List.of("rds:ModifyDBInstance", "rds:ModifyDBCluster"),
                        arns.rds(List.of(recovery), List.of("db", "cluster"), RESTORE_TEST_NAMES), RESOURCE_IS_RESTORE_TEST));
                statements.add(allow("CreateTaggedDrillSecret", List.of("secretsmanager:CreateSecret", "secretsmanager:TagResource"),
                        List.of(arns.drillSecrets(recovery)), REQUEST_TAGS_ARE_DRILL_TAGS));
                statements.add(allow("FindDrillSecret", List.of("secretsmanager:DescribeSecret"),
                        List.of(arns.drillSecrets(recovery)), null));
                statements.add(allow("RewriteAndGuardDrillOwnedSecret", List.of("secretsmanager:PutSecretValue",
                                "secretsmanager:PutResourcePolicy"), List.of(arns.drillSecrets(recovery)), RESOURCE_IS_DRILL_OWNED));
                statements.add(viaService("EncryptDrillSecret", List.of("kms:GenerateDataKey", "kms:Decrypt"), secretsKey,
                        "secretsmanager", recovery));
            }
            case VERIFY -> {
                statements.add(allow("ReadDrillOwnedSecret", List.of("secretsmanager:GetSecretValue"),
                        List.of(arns.drillSecrets(recovery)), RESOURCE_IS_DRILL_OWNED));
                statements.add(viaService("DecryptDrillSecret", List.of("kms:Decrypt"), secretsKey, "secretsmanager", recovery));
                statements.add(allow("WriteVerificationResult", List.of("s3:PutObject"),
                        List.of(evidence.arnForObjects(VERIFICATION_PREFIX + "*")), null));
                // A verification longer than one invocation goes on from the progress an earlier one stored: listed
                // first, since without s3:ListBucket S3 answers a GET of a missing key with 403, not 404.
                statements.add(allow("FindVerificationProgress", List.of("s3:ListBucket"), List.of(evidence.getBucketArn()),
                        Map.of("StringLike", Map.of("s3:prefix", VERIFICATION_PREFIX + "*"))));
                statements.add(allow("ReadVerificationProgress", List.of("s3:GetObject"),
                        List.of(evidence.arnForObjects(VERIFICATION_PREFIX + "*")), null));
                // Verify compares with the source's newest earlier PASSED report (PreviousDrills): it lists and reads reports.
                statements.add(listReports("ListEarlierReports"));
                statements.add(allow("ReadEarlierReports", List.of("s3:GetObject"),
                        List.of(evidence.arnForObjects(REPORTS_PREFIX + "*")), null));
                statements.add(viaService("EncryptAndReadEvidence", List.of("kms:GenerateDataKey", "kms:Decrypt"), dataKey,
                        "s3", recovery));
                statements.add(allow("AttachToTheIsolatedSubnets", List.of("ec2:CreateNetworkInterface",
                        "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:DeleteNetworkInterface",
                        "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"), List.of("*"), null));
            }
            case CLEANUP -> {
                statements.add(describe("FindDrillResources", DESCRIBE, both, RDS_TYPES));
                statements.add(allow("DeleteDrillOwnedDatabases", List.of("rds:DeleteDBInstance", "rds:DeleteDBCluster"),
                        arns.drillOwned(List.of(recovery), List.of("db", "cluster")), RESOURCE_IS_DRILL_OWNED));
                statements.add(allow("DeleteDrillOwnedSnapshots", List.of("rds:DeleteDBSnapshot", "rds:DeleteDBClusterSnapshot"),
                        arns.drillOwned(both, SNAPSHOT_TYPES), RESOURCE_IS_DRILL_OWNED));
                statements.add(allow("FindDrillSecret", List.of("secretsmanager:DescribeSecret"),
                        List.of(arns.drillSecrets(recovery)), null));
                statements.add(allow("DeleteDrillOwnedSecret", List.of("secretsmanager:DeleteSecret"),
                        List.of(arns.drillSecrets(recovery)), RESOURCE_IS_DRILL_OWNED));
            }
            case PUBLISH -> {
                statements.add(listReports("ListEarlierReports"));
                // Verify's result by the version Verify wrote (a later write is never read); earlier reports by key.
                statements.add(allow("ReadVerifysResultByVersion", List.of("s3:GetObjectVersion"),
                        List.of(evidence.arnForObjects(VERIFICATION_PREFIX + "*")), null));
                statements.add(allow("ReadEarlierReports", List.of("s3:GetObject"),
                        List.of(evidence.arnForObjects(REPORTS_PREFIX + "*")), null));
                statements.add(allow("WriteReports", List.of("s3:PutObject"),
                        List.of(evidence.arnForObjects(REPORTS_PREFIX + "*")), null));
                statements.add(allow("NotifyTopic", List.of("sns:Publish"), List.of(topic.getTopicArn()), null));
                statements.add(viaService("EncryptEvidenceAndNotification", List.of("kms:GenerateDataKey", "kms:Decrypt"),
                        dataKey, List.of("s3", "sns"), recovery));
            }
            // A tag is not proof that a drill made something: like the Janitor's code, IAM lets it delete only what carries
            // the drill tag AND a drill's name where drills make it (databases and secrets only in the recovery region).
            case JANITOR -> {
                statements.add(describe("ListAllDatabasesAndSnapshots", DESCRIBE_WITHOUT_TAGS, both, RDS_TYPES));
                statements.add(allow("DeleteExpiredDrillDatabases", List.of("rds:DeleteDBInstance", "rds:DeleteDBCluster"),
                        arns.drillOwned(List.of(recovery), DATABASE_TYPES), RESOURCE_IS_DRILL_OWNED));
                statements.add(allow("DeleteExpiredDrillSnapshots", List.of("rds:DeleteDBSnapshot", "rds:DeleteDBClusterSnapshot"),
                        arns.drillOwned(both, SNAPSHOT_TYPES), RESOURCE_IS_DRILL_OWNED));
                statements.add(allow("ListSecrets", List.of("secretsmanager:ListSecrets"), List.of("*"), null));
                statements.add(allow("DeleteExpiredDrillSecrets", List.of("secretsmanager:DeleteSecret"),
                        List.of(arns.drillSecrets(recovery)), RESOURCE_IS_DRILL_OWNED));
                // The schedule invokes the Janitor asynchronously; Lambda puts a failed event into the encrypted queue.
                statements.add(viaService("DeadLetterIntoEncryptedQueue", List.of("kms:GenerateDataKey", "kms:Decrypt"),
                        dataKey, "sqs", recovery));
            }
            // Answers only a job of the deployment's plans (DescribeRestoreJob), once the drill's Aurora instance is gone.
            case ANSWER_RESTORE_TEST -> {
                statements.add(allow("AnswerRestoreTest", List.of(DESCRIBE_RESTORE_JOB, PUT_RESTORE_VALIDATION_RESULT),
                        List.of("*"), null));
                statements.add(describe("SeeDrillInstanceGone", List.of("rds:DescribeDBInstances"), List.of(recovery),
                        List.of("db")));
            }
            // On a completed restore job of one of the deployment's plans: checks it, starts the restore-test machine for
            // it, or answers FAILED at once when it cannot (its plan unknown, the start refused).
            case RESTORE_TEST_VALIDATOR -> {
                statements.add(allow("CheckAndAnswerRestoreJob", List.of(DESCRIBE_RESTORE_JOB, PUT_RESTORE_VALIDATION_RESULT),
                        List.of("*"), null));
                statements.add(allow("StartRestoreTest", List.of("states:StartExecution"),
                        List.of(arns.stateMachine(Names.RESTORE_TEST_STATE_MACHINE)), null));
                // The rule invokes the validator asynchronously; Lambda puts a failed event into the encrypted queue.
                statements.add(viaService("DeadLetterIntoEncryptedQueue", List.of("kms:GenerateDataKey", "kms:Decrypt"),
                        dataKey, "sqs", recovery));
            }
            default -> throw new IllegalArgumentException("no permissions defined for " + task);
        }
        return statements;
    }

    /** Listing the bucket, only under {@code reports/}. */
    private PolicyStatement listReports(String sid) {
        return allow(sid, List.of("s3:ListBucket"), List.of(evidence.getBucketArn()),
                Map.of("StringLike", Map.of("s3:prefix", REPORTS_PREFIX + "*")));
    }

    /** The source's automated backups replicated to the recovery region (any source: they carry no tags to match). */
    private PolicyStatement describeReplicatedBackups() {
        return allow("DescribeReplicatedAutomatedBackups", List.of(DESCRIBE_AUTOMATED_BACKUPS),
                List.of(arns.rds(arns.recoveryRegion(), AUTO_BACKUP, "*")), null);
    }

    private PolicyStatement describe(String sid, List<String> actions, List<String> regions, List<String> types) {
        return allow(sid, actions, arns.rds(regions, types, "*"), null);
    }

    private PolicyStatement tagDrillOwned(String sid, List<String> regions, List<String> types) {
        return allow(sid, List.of("rds:AddTagsToResource"), arns.drillOwned(regions, types), REQUEST_TAGS_ARE_DRILL_TAGS);
    }

    private static List<PolicyStatement> rdsGrant(String sid, List<String> keys, String region) {
        return Keys.rdsGrants(sid, keys, region);
    }

    private static PolicyStatement viaService(String sid, List<String> actions, IKey key, String service, String region) {
        return viaService(sid, actions, key, List.of(service), region);
    }

    private static PolicyStatement viaService(String sid, List<String> actions, IKey key, List<String> services, String region) {
        return allow(sid, actions, List.of(key.getKeyArn()), Map.of("StringEquals", Map.of("kms:ViaService",
                services.stream().map(service -> service + "." + region + ".amazonaws.com").toList())));
    }

    private static PolicyStatement allow(String sid, List<String> actions, List<String> resources, Map<String, Object> conditions) {
        PolicyStatement.Builder statement = PolicyStatement.Builder.create().sid(sid).effect(Effect.ALLOW)
                .actions(actions).resources(resources);
        if (conditions != null) {
            statement.conditions(conditions);
        }
        return statement.build();
    }

    private static Map<String, Object> merge(Map<String, Object> conditions, Map<String, Object> more) {
        Map<String, Object> all = new java.util.LinkedHashMap<>(conditions);
        all.putAll(more);
        return all;
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> list : lists) {
            all.addAll(list);
        }
        return all;
    }
}
