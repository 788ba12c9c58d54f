package io.restoredrill.aws.janitor;

import io.restoredrill.aws.cleanup.DrillResource;
import io.restoredrill.aws.plan.DrillTags;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterSnapshotStateException;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterStateException;
import software.amazon.awssdk.services.rds.model.InvalidDbInstanceStateException;
import software.amazon.awssdk.services.rds.model.InvalidDbSnapshotStateException;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;

/**
 * The Janitor: runs on its own schedule, outside any drill, and removes every drill-owned resource
 * whose time to live has passed, in each region it is given: RDS instances, Aurora clusters (their
 * instances first: a cluster can be deleted only once its instances are being deleted), DB and
 * cluster snapshots, and secrets. The tags decide, never the names ({@link Expiry}). Resources
 * already being deleted are reported, not deleted again; a delete AWS refuses for the resource's
 * state is reported and left for the next run.
 */
public final class JanitorStep {

    static final String DELETING = "deleting";
    private static final Logger LOG = LoggerFactory.getLogger(JanitorStep.class);

    private final Function<String, RdsClient> rdsInRegion;
    private final Function<String, SecretsManagerClient> secretsInRegion;
    private final Clock clock;

    public JanitorStep(Function<String, RdsClient> rdsInRegion, Function<String, SecretsManagerClient> secretsInRegion,
                       Clock clock) {
        this.rdsInRegion = rdsInRegion;
        this.secretsInRegion = secretsInRegion;
        this.clock = clock;
    }

    public JanitorResult sweep(List<String> regions) {
        Instant now = clock.instant();
        List<JanitorResult.Removed> removed = new ArrayList<>();
        List<JanitorResult.Skipped> skipped = new ArrayList<>();
        for (String region : regions) {
            new RegionSweep(region, rdsInRegion.apply(region), secretsInRegion.apply(region), now, removed, skipped).run();
        }
        return new JanitorResult(removed, skipped);
    }

    /** One region's sweep; collects into the run's lists. */
    private record RegionSweep(String region, RdsClient rds, SecretsManagerClient secrets, Instant now,
                               List<JanitorResult.Removed> removed, List<JanitorResult.Skipped> skipped) {

        void run() {
            // Order matters: a cluster is deleted only after its instances are being deleted.
            Set<String> goingInstances = instances();
            clusters(goingInstances);
            snapshots();
            secretsOfDrills();
        }

        /** @return the instances on their way out (deleted now or already deleting), which no longer hold up their cluster */
        private Set<String> instances() {
            Set<String> going = new HashSet<>();
            for (DBInstance instance : rds.describeDBInstancesPaginator(r -> { }).dbInstances()) {
                DrillResource resource = DrillResource.instance(rds, instance.dbInstanceIdentifier(), instance.dbInstanceArn());
                if (sweep(resource, rdsTags(instance.tagList()), instance.dbInstanceStatus())
                        || DELETING.equals(instance.dbInstanceStatus())) {
                    going.add(instance.dbInstanceIdentifier());
                }
            }
            return going;
        }

        private void clusters(Set<String> goingInstances) {
            for (DBCluster cluster : rds.describeDBClustersPaginator(r -> { }).dbClusters()) {
                DrillResource resource = DrillResource.cluster(rds, cluster.dbClusterIdentifier(), cluster.dbClusterArn());
                List<String> staying = cluster.dbClusterMembers().stream().map(DBClusterMember::dbInstanceIdentifier)
                        .filter(member -> !goingInstances.contains(member)).toList();
                Map<String, String> tags = rdsTags(cluster.tagList());
                if (!staying.isEmpty() && !DELETING.equals(cluster.status())
                        && Expiry.of(tags, now).verdict() == Expiry.Verdict.DUE) {
                    skip(resource, "It still has instances that are not expired drill instances (" + String.join(", ", staying)
                            + "); the Janitor deletes the cluster once they are gone.");
                    continue;
                }
                sweep(resource, tags, cluster.status());
            }
        }

        /** Manual ones only: drills make manual snapshots and copies, and automated ones cannot be deleted anyway. */
        private void snapshots() {
            for (DBSnapshot snapshot : rds.describeDBSnapshotsPaginator(r -> r.snapshotType("manual")).dbSnapshots()) {
                sweep(DrillResource.snapshot(rds, snapshot.dbSnapshotIdentifier(), snapshot.dbSnapshotArn()),
                        rdsTags(snapshot.tagList()), snapshot.status());
            }
            for (DBClusterSnapshot snapshot : rds.describeDBClusterSnapshotsPaginator(r -> r.snapshotType("manual"))
                    .dbClusterSnapshots()) {
                sweep(DrillResource.snapshot(rds, snapshot.dbClusterSnapshotIdentifier(), snapshot.dbClusterSnapshotArn()),
                        rdsTags(snapshot.tagList()), snapshot.status());
            }
        }

        private void secretsOfDrills() {
            Filter managed = Filter.builder().key(FilterNameStringType.TAG_KEY).values(DrillTags.MANAGED).build();
            // This paginator has no flattened item view in the SDK: walk its pages.
            List<SecretListEntry> listed = secrets.listSecretsPaginator(r -> r.filters(managed)).stream()
                    .flatMap(page -> page.secretList().stream()).toList();
            for (SecretListEntry secret : listed) {
                Map<String, String> tags = secret.tags().stream().collect(Collectors.toMap(
                        software.amazon.awssdk.services.secretsmanager.model.Tag::key,
                        software.amazon.awssdk.services.secretsmanager.model.Tag::value, (a, b) -> b));
                // ListSecrets leaves out secrets scheduled for deletion; should one appear, it is already going.
                sweep(new DrillResource.Secret(secrets, secret.name(), secret.arn(), tags), tags,
                        secret.deletedDate() == null ? null : DELETING);
            }
        }

        /** @return whether the resource is on its way out: deleted now, or already being deleted */
        private boolean sweep(DrillResource resource, Map<String, String> tags, String status) {
            Expiry expiry = Expiry.of(tags, now);
            switch (expiry.verdict()) {
                case NOT_DRILL, NOT_DUE -> {
                    return false;
                }
                case MALFORMED -> {
                    skip(resource, expiry.problem());
                    return false;
                }
                default -> {
                    if (DELETING.equals(status)) {
                        skip(resource, "It expired at " + expiry.expiresAt() + " and is already being deleted.");
                        return true;
                    }
                    return delete(resource, expiry);
                }
            }
        }

        private boolean delete(DrillResource resource, Expiry expiry) {
            try {
                resource.delete();
            } catch (InvalidDbInstanceStateException | InvalidDbClusterStateException | InvalidDbSnapshotStateException
                     | InvalidDbClusterSnapshotStateException e) {
                skip(resource, "It expired at " + expiry.expiresAt() + " but AWS refused the delete for its current state ("
                        + message(e) + "); the next Janitor run tries again.");
                return false;
            }
            removed.add(new JanitorResult.Removed(region, resource.kind(), resource.name(), expiry.drillId(),
                    expiry.expiresAt()));
            LOG.info("Janitor removed {} in {} (drill {}, expired at {})", resource.describe(), region, expiry.drillId(),
                    expiry.expiresAt());
            return true;
        }

        private void skip(DrillResource resource, String reason) {
            skipped.add(new JanitorResult.Skipped(region, resource.kind(), resource.name(), reason));
            LOG.warn("Janitor left {} in {} alone: {}", resource.describe(), region, reason);
        }

        private static String message(RdsException e) {
            return e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
        }

        private static Map<String, String> rdsTags(List<Tag> tags) {
            return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
        }
    }
}
