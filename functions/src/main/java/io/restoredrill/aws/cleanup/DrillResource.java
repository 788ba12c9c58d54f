package io.restoredrill.aws.cleanup;

import io.restoredrill.aws.rds.RdsTags;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbClusterSnapshotNotFoundException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.DbSnapshotNotFoundException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * A resource a drill may have created, found by its name: its ARN, its tags, and how to delete it.
 * Deleting tolerates "already gone", so Cleanup and the Janitor can race or repeat safely.
 */
public interface DrillResource {

    String kind();

    String name();

    String arn();

    Map<String, String> tags();

    void delete();

    default String describe() {
        return kind() + " " + name();
    }

    static Optional<DrillResource> instance(RdsClient rds, String name) {
        try {
            String arn = rds.describeDBInstances(r -> r.dbInstanceIdentifier(name)).dbInstances().get(0).dbInstanceArn();
            return Optional.of(new Rds(rds, "instance", name, arn, () -> rds.deleteDBInstance(r -> r
                    .dbInstanceIdentifier(name).skipFinalSnapshot(true).deleteAutomatedBackups(true))));
        } catch (DbInstanceNotFoundException e) {
            return Optional.empty();
        }
    }

    static Optional<DrillResource> cluster(RdsClient rds, String name) {
        try {
            String arn = rds.describeDBClusters(r -> r.dbClusterIdentifier(name)).dbClusters().get(0).dbClusterArn();
            return Optional.of(new Rds(rds, "cluster", name, arn, () -> rds.deleteDBCluster(r -> r
                    .dbClusterIdentifier(name).skipFinalSnapshot(true).deleteAutomatedBackups(true))));
        } catch (DbClusterNotFoundException e) {
            return Optional.empty();
        }
    }

    /** A DB snapshot or, failing that, a cluster snapshot of that name. */
    static Optional<DrillResource> snapshot(RdsClient rds, String name) {
        try {
            String arn = rds.describeDBSnapshots(r -> r.dbSnapshotIdentifier(name)).dbSnapshots().get(0).dbSnapshotArn();
            return Optional.of(new Rds(rds, "snapshot", name, arn,
                    () -> rds.deleteDBSnapshot(r -> r.dbSnapshotIdentifier(name))));
        } catch (DbSnapshotNotFoundException e) {
            try {
                String arn = rds.describeDBClusterSnapshots(r -> r.dbClusterSnapshotIdentifier(name)).dbClusterSnapshots()
                        .get(0).dbClusterSnapshotArn();
                return Optional.of(new Rds(rds, "cluster snapshot", name, arn,
                        () -> rds.deleteDBClusterSnapshot(r -> r.dbClusterSnapshotIdentifier(name))));
            } catch (DbClusterSnapshotNotFoundException notCluster) {
                return Optional.empty();
            }
        }
    }

    static Optional<DrillResource> secret(SecretsManagerClient secrets, String name) {
        try {
            var described = secrets.describeSecret(r -> r.secretId(name));
            if (described.deletedDate() != null) {
                return Optional.empty();
            }
            Map<String, String> tags = described.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
            return Optional.of(new Secret(secrets, name, described.arn(), tags));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    /** An RDS resource; its tags are read when asked, just before the delete decision. */
    record Rds(RdsClient rds, String kind, String name, String arn, Runnable deleter) implements DrillResource {

        @Override
        public Map<String, String> tags() {
            return RdsTags.read(rds, arn);
        }

        @Override
        public void delete() {
            try {
                deleter.run();
            } catch (DbInstanceNotFoundException | DbClusterNotFoundException | DbSnapshotNotFoundException
                     | DbClusterSnapshotNotFoundException e) {
                // gone in the meantime: that is what we wanted
            }
        }
    }

    /** A Secrets Manager secret, deleted at once without the recovery window: it guards a throwaway copy. */
    record Secret(SecretsManagerClient secrets, String name, String arn, Map<String, String> tags) implements DrillResource {

        @Override
        public String kind() {
            return "secret";
        }

        @Override
        public void delete() {
            try {
                secrets.deleteSecret(r -> r.secretId(arn).forceDeleteWithoutRecovery(true));
            } catch (ResourceNotFoundException e) {
                // gone in the meantime
            }
        }
    }
}
