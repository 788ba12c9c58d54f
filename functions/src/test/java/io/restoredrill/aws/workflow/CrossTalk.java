package io.restoredrill.aws.workflow;

import io.restoredrill.aws.drill.DrillNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import software.amazon.awssdk.core.SdkRequest;
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
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsRequest;
import software.amazon.awssdk.services.rds.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbClusterFromSnapshotRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbInstanceFromDbSnapshotRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DeleteSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.PutResourcePolicyRequest;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueRequest;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * What one drill may touch, judged request by request from the exact SDK requests its invocations
 * sent: it creates, changes and deletes only the RDS resources and the secret named for its own
 * drill id, reads and writes only its own secret, writes only evidence keys of its own drill id,
 * and looks at nothing but its own resources, its source (and a snapshot it was given) and the
 * earlier reports of its source. A request of a type not named here is a problem too, so a step
 * that starts making a new call makes this test say so.
 *
 * @param readable RDS identifiers or ARNs the drill may also read (and restore from): its source, a given
 *                 snapshot, the backup copy a region-down drill restores
 */
record CrossTalk(String drillId, String source, DrillNames names, Set<String> readable, String topicArn) {

    /** Why the request is not this drill's business; empty when it is. */
    List<String> problems(SdkRequest request) {
        List<String> problems = new ArrayList<>();
        String what = request.getClass().getSimpleName();
        if (request instanceof CreateDbSnapshotRequest r) {
            mine(problems, what, r.dbSnapshotIdentifier());
            readable(problems, what, r.dbInstanceIdentifier());
        } else if (request instanceof CopyDbSnapshotRequest r) {
            mine(problems, what, r.targetDBSnapshotIdentifier());
            readable(problems, what, r.sourceDBSnapshotIdentifier());
        } else if (request instanceof RestoreDbInstanceFromDbSnapshotRequest r) {
            mine(problems, what, r.dbInstanceIdentifier());
            readable(problems, what, r.dbSnapshotIdentifier());
        } else if (request instanceof CreateDbClusterSnapshotRequest r) {
            mine(problems, what, r.dbClusterSnapshotIdentifier());
            readable(problems, what, r.dbClusterIdentifier());
        } else if (request instanceof CopyDbClusterSnapshotRequest r) {
            mine(problems, what, r.targetDBClusterSnapshotIdentifier());
            readable(problems, what, r.sourceDBClusterSnapshotIdentifier());
        } else if (request instanceof RestoreDbClusterFromSnapshotRequest r) {
            mine(problems, what, r.dbClusterIdentifier());
            readable(problems, what, r.snapshotIdentifier());
        } else if (request instanceof CreateDbInstanceRequest r) {
            mine(problems, what, r.dbInstanceIdentifier());
            mine(problems, what, r.dbClusterIdentifier());
        } else if (request instanceof ModifyDbClusterRequest r) {
            mine(problems, what, r.dbClusterIdentifier());
        } else if (request instanceof DeleteDbClusterRequest r) {
            mine(problems, what, r.dbClusterIdentifier());
        } else if (request instanceof DeleteDbClusterSnapshotRequest r) {
            mine(problems, what, r.dbClusterSnapshotIdentifier());
        } else if (request instanceof ModifyDbInstanceRequest r) {
            mine(problems, what, r.dbInstanceIdentifier());
        } else if (request instanceof DeleteDbInstanceRequest r) {
            mine(problems, what, r.dbInstanceIdentifier());
        } else if (request instanceof DeleteDbSnapshotRequest r) {
            mine(problems, what, r.dbSnapshotIdentifier());
        } else if (request instanceof DescribeDbInstancesRequest r) {
            readable(problems, what, r.dbInstanceIdentifier());
        } else if (request instanceof DescribeDbClustersRequest r) {
            readable(problems, what, r.dbClusterIdentifier());
        } else if (request instanceof DescribeDbSnapshotsRequest r) {
            readable(problems, what, r.dbSnapshotIdentifier() != null ? r.dbSnapshotIdentifier() : r.dbInstanceIdentifier());
        } else if (request instanceof DescribeDbClusterSnapshotsRequest r) {
            readable(problems, what, r.dbClusterSnapshotIdentifier() != null ? r.dbClusterSnapshotIdentifier()
                    : r.dbClusterIdentifier());
        } else if (request instanceof ListTagsForResourceRequest r) {
            readable(problems, what, r.resourceName());
        } else if (request instanceof CreateSecretRequest r) {
            secret(problems, what, r.name());
        } else if (request instanceof PutSecretValueRequest r) {
            secret(problems, what, r.secretId());
        } else if (request instanceof PutResourcePolicyRequest r) {
            secret(problems, what, r.secretId());
        } else if (request instanceof GetSecretValueRequest r) {
            secret(problems, what, r.secretId());
        } else if (request instanceof DescribeSecretRequest r) {
            secret(problems, what, r.secretId());
        } else if (request instanceof DeleteSecretRequest r) {
            secret(problems, what, r.secretId());
        } else if (request instanceof PutObjectRequest r) {
            // A Publish walking past another drill's link writes that drill's report from it if it is missing: a create
            // only (If-None-Match), of its own source, with the bytes that drill's Publish put in the link.
            check(problems, what, r.key(), key -> ownEvidence(key)
                    || "*".equals(r.ifNoneMatch()) && key.matches("reports/" + source + "/\\d{4}/[^/]+\\.json"));
        } else if (request instanceof GetObjectRequest r) {
            check(problems, what, r.key(), key -> ownEvidence(key) || key.startsWith(reports()));
        } else if (request instanceof ListObjectsV2Request r) {
            check(problems, what, r.prefix(), prefix -> reports().equals(prefix) || ownEvidence(prefix));
        } else if (request instanceof PublishRequest r) {
            check(problems, what, r.topicArn(), topicArn::equals);
            check(problems, what + " message", r.message(), message -> message.contains("Drill:         " + drillId + " "));
        } else {
            problems.add(what + " is a request this test does not know a drill to make");
        }
        return problems;
    }

    private String reports() {
        return "reports/" + source + "/";
    }

    private boolean ownEvidence(String key) {
        return key.equals("verification/" + source + "/" + drillId + ".json")
                // the progress of a verification that may run over several invocations (listed before it is read)
                || key.matches("verification/" + source + "/" + drillId + "\\.progress-\\d+\\.json")
                || key.matches("reports/" + source + "/\\d{4}/" + drillId + "\\.(json|md)")
                || key.equals("reports/" + source + "/chain/starts/" + drillId + ".json")
                // A link is named after the report before this drill's (whose place it claims) and holds this drill's report.
                || key.matches("reports/" + source + "/chain/[^/]+\\.json");
    }

    private void mine(List<String> problems, String what, String identifier) {
        check(problems, what, identifier, this::ownRds);
    }

    private void readable(List<String> problems, String what, String identifier) {
        check(problems, what, identifier, id -> ownRds(id) || readable.contains(id));
    }

    private void secret(List<String> problems, String what, String secretId) {
        check(problems, what, secretId, id -> id.equals(names.secret()) || secretName(id).equals(names.secret()));
    }

    private boolean ownRds(String identifier) {
        String name = identifier.startsWith("arn:") ? identifier.substring(identifier.lastIndexOf(':') + 1) : identifier;
        return List.of(names.snapshot(), names.copy(), names.restored(), names.writer()).contains(name);
    }

    /** {@code arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>} → name */
    private static String secretName(String id) {
        int at = id.indexOf(":secret:");
        if (!id.startsWith("arn:") || at < 0 || id.length() < at + 8 + 7) {
            return id;
        }
        return id.substring(at + ":secret:".length(), id.length() - 7);
    }

    private static void check(List<String> problems, String what, String value, Predicate<String> allowed) {
        if (value == null || !allowed.test(value)) {
            problems.add(what + " of " + value);
        }
    }
}
