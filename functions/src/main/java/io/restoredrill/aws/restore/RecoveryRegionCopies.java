package io.restoredrill.aws.restore;

import io.restoredrill.aws.drill.DrillTags;
import io.restoredrill.core.error.RestoreFailedException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * With the source region down, the newest available snapshot of the source that is already in the
 * recovery region: AWS Backup's cross-region copies, or copies made by hand. A copied snapshot keeps
 * its source's instance or cluster identifier, which is how it is found.
 *
 * <p>Another drill's snapshot (tagged {@code restore-drill:managed=true} with another drill id) is
 * never taken, though it is often the newest: its drill's Cleanup, or the Janitor at its TTL,
 * deletes it whenever that drill is done, whatever restores from it meanwhile (a region-down
 * rehearsal running beside the scheduled drill of the same source would otherwise restore the
 * scheduled drill's copy).
 */
final class RecoveryRegionCopies {

    record Found(String arn, Instant createdAt) {
    }

    private RecoveryRegionCopies() {
    }

    static Found newest(RdsClient rds, String source, String region, String drillId) {
        Stream<Found> instanceSnapshots = Stream.of("manual", "awsbackup")
                .flatMap(type -> rds.describeDBSnapshotsPaginator(r -> r.dbInstanceIdentifier(source).snapshotType(type))
                        .dbSnapshots().stream())
                .filter(s -> "available".equals(s.status()) && s.snapshotCreateTime() != null)
                .filter(s -> !anotherDrills(s.tagList(), drillId))
                .map(s -> new Found(s.dbSnapshotArn(), s.snapshotCreateTime()));
        Stream<Found> clusterSnapshots = Stream.of("manual", "awsbackup")
                .flatMap(type -> rds.describeDBClusterSnapshotsPaginator(r -> r.dbClusterIdentifier(source).snapshotType(type))
                        .dbClusterSnapshots().stream())
                .filter(s -> "available".equals(s.status()) && s.snapshotCreateTime() != null)
                .filter(s -> !anotherDrills(s.tagList(), drillId))
                .map(s -> new Found(s.dbClusterSnapshotArn(), s.snapshotCreateTime()));
        Optional<Found> newest = Stream.concat(instanceSnapshots, clusterSnapshots)
                .max(Comparator.comparing(Found::createdAt));
        return newest.orElseThrow(() -> new RestoreFailedException("The source region is down and " + region
                + " holds no available snapshot of '" + source + "' to restore (other drills' snapshots are not used);"
                + " copy backups to the recovery region (the source-region stack's AWS Backup copy action does) before a"
                + " region fails."));
    }

    /** Whether DescribeDBSnapshots' tags mark the snapshot as another drill's. */
    private static boolean anotherDrills(List<Tag> tags, String drillId) {
        Map<String, String> byKey = tags == null ? Map.of()
                : tags.stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
        return "true".equals(byKey.get(DrillTags.MANAGED)) && !drillId.equals(byKey.get(DrillTags.DRILL_ID));
    }
}
