package io.restoredrill.aws.restore;

import io.restoredrill.core.error.RestoreFailedException;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * With the source region down, the newest available snapshot of the source that is already in the
 * recovery region: AWS Backup's cross-region copies, retained drill copies, or copies made by hand.
 * A copied snapshot keeps its source's instance or cluster identifier, which is how it is found.
 */
final class RecoveryRegionCopies {

    record Found(String arn, Instant createdAt) {
    }

    private RecoveryRegionCopies() {
    }

    static Found newest(RdsClient rds, String source, String region) {
        Stream<Found> instanceSnapshots = Stream.of("manual", "awsbackup")
                .flatMap(type -> rds.describeDBSnapshotsPaginator(r -> r.dbInstanceIdentifier(source).snapshotType(type))
                        .dbSnapshots().stream())
                .filter(s -> "available".equals(s.status()) && s.snapshotCreateTime() != null)
                .map(s -> new Found(s.dbSnapshotArn(), s.snapshotCreateTime()));
        Stream<Found> clusterSnapshots = Stream.of("manual", "awsbackup")
                .flatMap(type -> rds.describeDBClusterSnapshotsPaginator(r -> r.dbClusterIdentifier(source).snapshotType(type))
                        .dbClusterSnapshots().stream())
                .filter(s -> "available".equals(s.status()) && s.snapshotCreateTime() != null)
                .map(s -> new Found(s.dbClusterSnapshotArn(), s.snapshotCreateTime()));
        Optional<Found> newest = Stream.concat(instanceSnapshots, clusterSnapshots)
                .max(Comparator.comparing(Found::createdAt));
        return newest.orElseThrow(() -> new RestoreFailedException("The source region is down and " + region
                + " holds no available snapshot of '" + source + "' to restore; copy backups to the recovery region "
                + "(the source-region stack's AWS Backup copy action does) before a region fails."));
    }
}
