package io.restoredrill.aws.janitor;

import io.restoredrill.aws.rds.DrillResource;
import io.restoredrill.aws.drill.DrillNames;
import io.restoredrill.aws.drill.DrillTags;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * cluster snapshots, and secrets. The tags say when ({@link Expiry}); the name and the region say
 * whether a drill made it at all, for a tag is not proof: anyone allowed to tag can tag. So a
 * drill-tagged resource is deleted only if it is also drill-named as Plan names it ({@link DrillNames}):
 * instances and clusters {@code drill-*} in the recovery region (drills never restore in the source
 * region), snapshots and cluster snapshots {@code drill-*} in either region, secrets
 * {@code restore-drill/*} in the recovery region ({@link Owned}). A drill-tagged resource that fails
 * this is never deleted, whatever its expiry, but reported with the reason and logged as a warning.
 * Resources already being deleted are reported, not deleted again; a delete AWS refuses for the
 * resource's state is reported and left for the next run.
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

    /**
     * @param regions        the regions to sweep
     * @param recoveryRegion the region drills restore in: the only one where instances, clusters and
     *                       secrets can be drill-made (the function's {@code RECOVERY_REGION})
     */
    public JanitorResult sweep(List<String> regions, String recoveryRegion) {
        Objects.requireNonNull(recoveryRegion, "recoveryRegion");
        Instant now = clock.instant();
        List<JanitorResult.Removed> removed = new ArrayList<>();
        List<JanitorResult.Skipped> skipped = new ArrayList<>();
        for (String region : regions) {
            new RegionSweep(region, recoveryRegion, rdsInRegion.apply(region),
                    secretsInRegion.apply(region), now, removed, skipped).run();
        }
        return new JanitorResult(removed, skipped);
    }

    /** What, besides the drill tags, a resource must have for the Janitor to believe a drill made it. */
    enum Owned {
        /** Restored instances and clusters, and the Aurora writer: drills restore only in the recovery region. */
        RESTORED(DrillNames.PREFIX, true),
        /** Snapshots in the source region, their copies in the recovery region. */
        SNAPSHOT(DrillNames.PREFIX, false),
        /** The restored database's credentials, kept beside it. */
        SECRET(DrillNames.SECRET_PREFIX, true);

        private final String prefix;
        private final boolean recoveryRegionOnly;

        Owned(String prefix, boolean recoveryRegionOnly) {
            this.prefix = prefix;
            this.recoveryRegionOnly = recoveryRegionOnly;
        }

        /** @return why a drill-tagged resource found in region was not made by a drill, or null when it may have been */
        String whyNot(DrillResource resource, String region, String recoveryRegion) {
            List<String> problems = new ArrayList<>();
            if (resource.name() == null || !resource.name().startsWith(prefix)) {
                problems.add("is not named " + prefix + "*");
            }
            if (recoveryRegionOnly && !region.equals(recoveryRegion)) {
                problems.add("is in " + region + ", where drills create no " + resource.kind() + "s (only in the recovery"
                        + " region " + recoveryRegion + ")");
            }
            return problems.isEmpty() ? null : "It is tagged " + DrillTags.MANAGED + "=true but " + String.join(" and ", problems)
                    + ": not created by a drill; left alone.";
        }
    }

    /** One region's sweep; collects into the run's lists. */
    private record RegionSweep(String region, String recoveryRegion, RdsClient rds, SecretsManagerClient secrets,
                               Instant now, List<JanitorResult.Removed> removed, List<JanitorResult.Skipped> skipped) {

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
                if (sweep(resource, Owned.RESTORED, rdsTags(instance.tagList()), instance.dbInstanceStatus(), null)
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
                sweep(resource, Owned.RESTORED, rdsTags(cluster.tagList()), cluster.status(), staying.isEmpty() ? null
                        : "It still has instances that are not expired drill instances (" + String.join(", ", staying)
                                + "); the Janitor deletes the cluster once they are gone.");
            }
        }

        /** Manual ones only: drills make manual snapshots and copies, and automated ones cannot be deleted anyway. */
        private void snapshots() {
            for (DBSnapshot snapshot : rds.describeDBSnapshotsPaginator(r -> r.snapshotType("manual")).dbSnapshots()) {
                sweep(DrillResource.snapshot(rds, snapshot.dbSnapshotIdentifier(), snapshot.dbSnapshotArn()), Owned.SNAPSHOT,
                        rdsTags(snapshot.tagList()), snapshot.status(), null);
            }
            for (DBClusterSnapshot snapshot : rds.describeDBClusterSnapshotsPaginator(r -> r.snapshotType("manual"))
                    .dbClusterSnapshots()) {
                sweep(DrillResource.snapshot(rds, snapshot.dbClusterSnapshotIdentifier(), snapshot.dbClusterSnapshotArn()),
                        Owned.SNAPSHOT, rdsTags(snapshot.tagList()), snapshot.status(), null);
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
                sweep(new DrillResource.Secret(secrets, secret.name(), secret.arn(), tags), Owned.SECRET, tags,
                        secret.deletedDate() == null ? null : DELETING, null);
            }
        }

        /**
         * @param hold why an expired drill resource must wait all the same (a cluster's foreign instances), or null
         * @return whether the resource is on its way out: deleted now, or already being deleted
         */
        private boolean sweep(DrillResource resource, Owned owned, Map<String, String> tags, String status, String hold) {
            Expiry expiry = Expiry.of(tags, now);
            if (expiry.verdict() == Expiry.Verdict.NOT_DRILL) {
                return false;
            }
            // The tag is not proof: a drill-tagged resource without a drill's name and region is never deleted.
            String notDrillMade = owned.whyNot(resource, region, recoveryRegion);
            if (notDrillMade != null) {
                skip(resource, notDrillMade);
                return false;
            }
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
                    if (hold != null) {
                        skip(resource, hold);
                        return false;
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
