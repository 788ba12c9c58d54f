package io.restoredrill.aws.rds;

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
            return Optional.of(instance(rds, name, arn));
        } catch (DbInstanceNotFoundException e) {
            return Optional.empty();
        }
    }

    /** An instance already found, e.g. in the Janitor's listing. */
    static DrillResource instance(RdsClient rds, String name, String arn) {
        return new Rds(rds, "instance", name, arn, () -> rds.deleteDBInstance(r -> r
                .dbInstanceIdentifier(name).skipFinalSnapshot(true).deleteAutomatedBackups(true)));
    }

    static Optional<DrillResource> cluster(RdsClient rds, String name) {
        try {
            String arn = rds.describeDBClusters(r -> r.dbClusterIdentifier(name)).dbClusters().get(0).dbClusterArn();
            return Optional.of(cluster(rds, name, arn));
        } catch (DbClusterNotFoundException e) {
            return Optional.empty();
        }
    }

    /** A cluster already found, e.g. in the Janitor's listing. */
    static DrillResource cluster(RdsClient rds, String name, String arn) {
        return new Rds(rds, "cluster", name, arn, () -> rds.deleteDBCluster(r -> r
                .dbClusterIdentifier(name).skipFinalSnapshot(true).deleteAutomatedBackups(true)));
    }

    /** A DB snapshot or, failing that, a cluster snapshot of that name. */
    static Optional<DrillResource> snapshot(RdsClient rds, String name) {
        try {
            String arn = rds.describeDBSnapshots(r -> r.dbSnapshotIdentifier(name)).dbSnapshots().get(0).dbSnapshotArn();
            return Optional.of(snapshot(rds, name, arn));
        } catch (DbSnapshotNotFoundException e) {
            try {
                String arn = rds.describeDBClusterSnapshots(r -> r.dbClusterSnapshotIdentifier(name)).dbClusterSnapshots()
                        .get(0).dbClusterSnapshotArn();
                return Optional.of(snapshot(rds, name, arn));
            } catch (DbClusterSnapshotNotFoundException notCluster) {
                return Optional.empty();
            }
        }
    }

    /** A DB snapshot or cluster snapshot (its ARN tells which) already found, e.g. in the Janitor's listing. */
    static DrillResource snapshot(RdsClient rds, String name, String arn) {
        if (Arns.isClusterSnapshot(arn)) {
            return new Rds(rds, "cluster snapshot", name, arn,
                    () -> rds.deleteDBClusterSnapshot(r -> r.dbClusterSnapshotIdentifier(name)));
        }
        return new Rds(rds, "snapshot", name, arn, () -> rds.deleteDBSnapshot(r -> r.dbSnapshotIdentifier(name)));
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
