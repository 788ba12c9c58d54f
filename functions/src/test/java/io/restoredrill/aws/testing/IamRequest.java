package io.restoredrill.aws.testing;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.backup.model.DescribeRestoreJobRequest;
import software.amazon.awssdk.services.backup.model.ListRecoveryPointsByBackupVaultRequest;
import software.amazon.awssdk.services.backup.model.PutRestoreValidationResultRequest;
import software.amazon.awssdk.services.rds.model.AddTagsToResourceRequest;
import software.amazon.awssdk.services.rds.model.CopyDbClusterSnapshotRequest;
import software.amazon.awssdk.services.rds.model.CopyDbSnapshotRequest;
import software.amazon.awssdk.services.rds.model.CreateDbClusterSnapshotRequest;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.CreateDbSnapshotRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbClusterRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbClusterSnapshotRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbSnapshotRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterSnapshotsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstanceAutomatedBackupsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsRequest;
import software.amazon.awssdk.services.rds.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbClusterFromSnapshotRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbInstanceFromDbSnapshotRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbInstanceToPointInTimeRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DeleteSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsRequest;
import software.amazon.awssdk.services.secretsmanager.model.PutResourcePolicyRequest;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.TagResourceRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * What IAM authorizes for one SDK request: its action ({@code rds:CopyDBSnapshot}) and the resources
 * AWS checks it on, from the Service Authorization Reference (RDS, Secrets Manager, S3, SNS, Backup): the
 * required resource of each action (a describe without an identifier is authorized on {@code <type>:*}).
 * A request of a kind not listed here fails the test that made it, so a new call is never unchecked.
 *
 * @param action    the IAM action
 * @param resources every ARN the action is authorized on (all must be allowed)
 */
public record IamRequest(String action, List<String> resources, List<IamRequest> implied) {

    public IamRequest(String action, List<String> resources) {
        this(action, resources, List.of());
    }

    /**
     * AWS also authorizes tagging on create: a create, copy or restore that carries tags needs
     * {@code rds:AddTagsToResource} (Secrets Manager: {@code TagResource}) on the new resource.
     */
    private IamRequest taggingOnCreate(boolean tagged, String tagAction, String created) {
        return tagged ? new IamRequest(action, resources, List.of(new IamRequest(tagAction, List.of(created)))) : this;
    }

    private static final String SECRET_SUFFIX = "-??????";
    private static final String ADD_TAGS = "rds:AddTagsToResource";

    /** @param region the client's region; {@code account} the emulator's */
    public static IamRequest of(SdkRequest request, String region, String account) {
        Arns arns = new Arns(region, account);
        if (request instanceof DescribeDbInstancesRequest r) {
            return rds("DescribeDBInstances", arns.rds("db", orAll(r.dbInstanceIdentifier())));
        }
        if (request instanceof DescribeDbClustersRequest r) {
            return rds("DescribeDBClusters", arns.rds("cluster", orAll(r.dbClusterIdentifier())));
        }
        if (request instanceof DescribeDbSnapshotsRequest r) {
            return rds("DescribeDBSnapshots", arns.rdsNamed("snapshot", orAll(r.dbSnapshotIdentifier())));
        }
        if (request instanceof DescribeDbClusterSnapshotsRequest r) {
            return rds("DescribeDBClusterSnapshots", arns.rdsNamed("cluster-snapshot", orAll(r.dbClusterSnapshotIdentifier())));
        }
        if (request instanceof DescribeDbInstanceAutomatedBackupsRequest r) {
            return rds("DescribeDBInstanceAutomatedBackups", r.dbInstanceAutomatedBackupsArn() != null
                    ? r.dbInstanceAutomatedBackupsArn() : arns.rds("auto-backup", "*"));
        }
        if (request instanceof ListTagsForResourceRequest r) {
            return rds("ListTagsForResource", r.resourceName());
        }
        if (request instanceof AddTagsToResourceRequest r) {
            return rds("AddTagsToResource", r.resourceName());
        }
        if (request instanceof CreateDbSnapshotRequest r) {
            return rds("CreateDBSnapshot", arns.rds("db", r.dbInstanceIdentifier()), arns.rds("snapshot", r.dbSnapshotIdentifier()))
                    .taggingOnCreate(r.hasTags(), ADD_TAGS, arns.rds("snapshot", r.dbSnapshotIdentifier()));
        }
        if (request instanceof CreateDbClusterSnapshotRequest r) {
            return rds("CreateDBClusterSnapshot", arns.rds("cluster", r.dbClusterIdentifier()),
                    arns.rds("cluster-snapshot", r.dbClusterSnapshotIdentifier()))
                    .taggingOnCreate(r.hasTags(), ADD_TAGS, arns.rds("cluster-snapshot", r.dbClusterSnapshotIdentifier()));
        }
        if (request instanceof CopyDbSnapshotRequest r) {
            return rds("CopyDBSnapshot", arns.rdsNamed("snapshot", r.sourceDBSnapshotIdentifier()),
                    arns.rds("snapshot", r.targetDBSnapshotIdentifier()))
                    .taggingOnCreate(r.hasTags(), ADD_TAGS, arns.rds("snapshot", r.targetDBSnapshotIdentifier()));
        }
        if (request instanceof CopyDbClusterSnapshotRequest r) {
            return rds("CopyDBClusterSnapshot",
                    arns.rdsNamed("cluster-snapshot", r.sourceDBClusterSnapshotIdentifier()),
                    arns.rds("cluster-snapshot", r.targetDBClusterSnapshotIdentifier()))
                    .taggingOnCreate(r.hasTags(), ADD_TAGS, arns.rds("cluster-snapshot", r.targetDBClusterSnapshotIdentifier()));
        }
        if (request instanceof RestoreDbInstanceFromDbSnapshotRequest r) {
            return rds("RestoreDBInstanceFromDBSnapshot", present(
                    arns.rds("db", r.dbInstanceIdentifier()), arns.rdsNamed("snapshot", r.dbSnapshotIdentifier()),
                    arns.rdsOptional("subgrp", r.dbSubnetGroupName()), arns.rdsOptional("og", r.optionGroupName()),
                    arns.rdsOptional("pg", r.dbParameterGroupName())))
                    .taggingOnCreate(r.hasTags(), ADD_TAGS, arns.rds("db", r.dbInstanceIdentifier()));
        }
        if (request instanceof RestoreDbInstanceToPointInTimeRequest r) {
            return rds("RestoreDBInstanceToPointInTime", present(
                    arns.rds("db", r.targetDBInstanceIdentifier()), r.sourceDBInstanceAutomatedBackupsArn(),
                    arns.rdsOptional("db", r.sourceDBInstanceIdentifier()),
                    arns.rdsOptional("subgrp", r.dbSubnetGroupName()), arns.rdsOptional("og", r.optionGroupName()),
                    arns.rdsOptional("pg", r.dbParameterGroupName())))
                    .taggingOnCreate(r.hasTags(), ADD_TAGS, arns.rds("db", r.targetDBInstanceIdentifier()));
        }
        if (request instanceof RestoreDbClusterFromSnapshotRequest r) {
            return rds("RestoreDBClusterFromSnapshot", present(
                    arns.rds("cluster", r.dbClusterIdentifier()),
                    arns.rdsNamed(r.snapshotIdentifier() != null && r.snapshotIdentifier().contains(":snapshot:")
                            ? "snapshot" : "cluster-snapshot", r.snapshotIdentifier()),
                    arns.rdsOptional("subgrp", r.dbSubnetGroupName()),
                    arns.rdsOptional("cluster-pg", r.dbClusterParameterGroupName())))
                    .taggingOnCreate(r.hasTags(), ADD_TAGS, arns.rds("cluster", r.dbClusterIdentifier()));
        }
        if (request instanceof CreateDbInstanceRequest r) {
            return rds("CreateDBInstance", present(arns.rds("db", r.dbInstanceIdentifier()),
                    arns.rdsOptional("cluster", r.dbClusterIdentifier()), arns.rdsOptional("subgrp", r.dbSubnetGroupName())))
                    .taggingOnCreate(r.hasTags(), ADD_TAGS, arns.rds("db", r.dbInstanceIdentifier()));
        }
        if (request instanceof ModifyDbInstanceRequest r) {
            return rds("ModifyDBInstance", arns.rds("db", r.dbInstanceIdentifier()));
        }
        if (request instanceof ModifyDbClusterRequest r) {
            return rds("ModifyDBCluster", arns.rds("cluster", r.dbClusterIdentifier()));
        }
        if (request instanceof DeleteDbInstanceRequest r) {
            return rds("DeleteDBInstance", arns.rds("db", r.dbInstanceIdentifier()));
        }
        if (request instanceof DeleteDbClusterRequest r) {
            return rds("DeleteDBCluster", arns.rds("cluster", r.dbClusterIdentifier()));
        }
        if (request instanceof DeleteDbSnapshotRequest r) {
            return rds("DeleteDBSnapshot", arns.rds("snapshot", r.dbSnapshotIdentifier()));
        }
        if (request instanceof DeleteDbClusterSnapshotRequest r) {
            return rds("DeleteDBClusterSnapshot",
                    arns.rds("cluster-snapshot", r.dbClusterSnapshotIdentifier()));
        }
        if (request instanceof CreateSecretRequest r) {
            return secrets("CreateSecret", arns.secret(r.name()))
                    .taggingOnCreate(r.hasTags(), "secretsmanager:TagResource", arns.secret(r.name()));
        }
        if (request instanceof TagResourceRequest r) {
            return secrets("TagResource", arns.secret(r.secretId()));
        }
        if (request instanceof DescribeSecretRequest r) {
            return secrets("DescribeSecret", arns.secret(r.secretId()));
        }
        if (request instanceof PutSecretValueRequest r) {
            return secrets("PutSecretValue", arns.secret(r.secretId()));
        }
        if (request instanceof PutResourcePolicyRequest r) {
            return secrets("PutResourcePolicy", arns.secret(r.secretId()));
        }
        if (request instanceof GetSecretValueRequest r) {
            return secrets("GetSecretValue", arns.secret(r.secretId()));
        }
        if (request instanceof DeleteSecretRequest r) {
            return secrets("DeleteSecret", arns.secret(r.secretId()));
        }
        if (request instanceof ListSecretsRequest r) {
            return secrets("ListSecrets", "*");
        }
        if (request instanceof PutObjectRequest r) {
            return s3("PutObject", object(r.bucket(), r.key()));
        }
        if (request instanceof GetObjectRequest r) {
            return s3(r.versionId() == null ? "GetObject" : "GetObjectVersion", object(r.bucket(), r.key()));
        }
        if (request instanceof HeadObjectRequest r) {
            return s3(r.versionId() == null ? "GetObject" : "GetObjectVersion", object(r.bucket(), r.key()));
        }
        if (request instanceof ListObjectsV2Request r) {
            return s3("ListBucket", "arn:aws:s3:::" + r.bucket());
        }
        if (request instanceof ListObjectVersionsRequest r) {
            return s3("ListBucketVersions", "arn:aws:s3:::" + r.bucket());
        }
        if (request instanceof PublishRequest r) {
            return new IamRequest("sns:Publish", List.of(r.topicArn()));
        }
        if (request instanceof ListRecoveryPointsByBackupVaultRequest r) {
            return new IamRequest("backup:ListRecoveryPointsByBackupVault",
                    List.of("arn:aws:backup:" + region + ":" + account + ":backup-vault:" + r.backupVaultName()));
        }
        if (request instanceof DescribeRestoreJobRequest) {
            // No resource-level permissions: the Service Authorization Reference names none for restore jobs.
            return new IamRequest("backup:DescribeRestoreJob", List.of("*"));
        }
        if (request instanceof PutRestoreValidationResultRequest) {
            return new IamRequest("backup:PutRestoreValidationResult", List.of("*"));
        }
        if (request instanceof StartExecutionRequest r) {
            return new IamRequest("states:StartExecution", List.of(r.stateMachineArn()));
        }
        throw new AssertionError(request.getClass().getSimpleName() + " has no IAM resources in IamRequest:"
                    + " add the action and the resources the Service Authorization Reference names for it");
    }

    private static IamRequest rds(String action, String... resources) {
        return new IamRequest("rds:" + action, List.of(resources));
    }

    private static IamRequest rds(String action, List<String> resources) {
        return new IamRequest("rds:" + action, resources);
    }

    private static IamRequest secrets(String action, String resource) {
        return new IamRequest("secretsmanager:" + action, List.of(resource));
    }

    private static IamRequest s3(String action, String resource) {
        return new IamRequest("s3:" + action, List.of(resource));
    }

    private static String object(String bucket, String key) {
        return "arn:aws:s3:::" + bucket + "/" + key;
    }

    private static String orAll(String name) {
        return name == null ? "*" : name;
    }

    private static List<String> present(String... arns) {
        List<String> present = new ArrayList<>();
        for (String arn : arns) {
            if (arn != null) {
                present.add(arn);
            }
        }
        return present;
    }

    private record Arns(String region, String account) {

        String rds(String type, String name) {
            return "arn:aws:rds:" + region + ":" + account + ":" + type + ":" + name;
        }

        /** A name or an ARN (of any region: the source side of a cross-region copy). */
        String rdsNamed(String type, String nameOrArn) {
            return nameOrArn.startsWith("arn:") ? nameOrArn : rds(type, nameOrArn);
        }

        String rdsOptional(String type, String name) {
            return name == null ? null : rds(type, name);
        }

        /** A secret's ARN ends in six random characters after its name. */
        String secret(String nameOrArn) {
            return nameOrArn.startsWith("arn:") ? nameOrArn
                    : "arn:aws:secretsmanager:" + region + ":" + account + ":secret:" + nameOrArn + SECRET_SUFFIX;
        }
    }
}
