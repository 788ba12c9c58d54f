package io.restoredrill.aws.janitor;

import io.restoredrill.aws.drill.DrillTags;
import io.restoredrill.aws.rds.RdsTags;
import io.restoredrill.aws.testing.MotoRds;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Tag;

/** Builds drill leftovers and bystanders on moto for the Janitor's tests: what drills would have left behind. */
final class DrillWorld {

    static final String SOURCE = "eu-central-1";
    static final String RECOVERY = "eu-west-1";
    /** The Janitor's "now" in these tests. */
    static final Instant NOW = Instant.parse("2026-11-23T04:00:00Z");
    static final Instant EXPIRED = Instant.parse("2026-11-22T16:00:00Z");
    static final Instant NOT_YET = Instant.parse("2026-11-23T16:00:00Z");

    private final MotoRds moto;

    DrillWorld(MotoRds moto) {
        this.moto = moto;
    }

    static List<Tag> drillTags(String drillId, String source, Instant expiresAt) {
        return RdsTags.of(DrillTags.of(drillId, source, expiresAt));
    }

    /** Tags of a drill-managed resource with a hand-edited expiry. */
    static List<Tag> drillTagsExpiring(String drillId, String expiresAt) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(DrillTags.MANAGED, "true");
        tags.put(DrillTags.DRILL_ID, drillId);
        tags.put(DrillTags.EXPIRES_AT, expiresAt);
        return RdsTags.of(tags);
    }

    RdsClient rds(String region) {
        return moto.apply(region);
    }

    void instance(String region, String name, List<Tag> tags) {
        rds(region).createDBInstance(r -> r.dbInstanceIdentifier(name).engine("postgres").dbInstanceClass("db.t4g.medium")
                .masterUsername("admin").masterUserPassword("not-used-1").allocatedStorage(20).tags(tags));
    }

    String snapshot(String region, String name, String ofInstance, List<Tag> tags) {
        return rds(region).createDBSnapshot(r -> r.dbSnapshotIdentifier(name).dbInstanceIdentifier(ofInstance).tags(tags))
                .dbSnapshot().dbSnapshotArn();
    }

    String copy(String sourceArn, String name, String keyArn, List<Tag> tags) {
        return rds(RECOVERY).copyDBSnapshot(r -> r.sourceDBSnapshotIdentifier(sourceArn).targetDBSnapshotIdentifier(name)
                .kmsKeyId(keyArn).sourceRegion(SOURCE).tags(tags)).dbSnapshot().dbSnapshotArn();
    }

    void restored(String name, String copy, List<Tag> tags) {
        rds(RECOVERY).restoreDBInstanceFromDBSnapshot(r -> r.dbInstanceIdentifier(name).dbSnapshotIdentifier(copy)
                .dbInstanceClass("db.t4g.medium").publiclyAccessible(false).tags(tags));
    }

    void auroraCluster(String region, String name, List<Tag> tags) {
        rds(region).createDBCluster(r -> r.dbClusterIdentifier(name).engine("aurora-postgresql").masterUsername("admin")
                .masterUserPassword("not-used-1").tags(tags));
    }

    void auroraInstance(String region, String cluster, String name, List<Tag> tags) {
        rds(region).createDBInstance(r -> r.dbInstanceIdentifier(name).dbClusterIdentifier(cluster)
                .engine("aurora-postgresql").dbInstanceClass("db.t4g.medium").tags(tags));
    }

    void clusterSnapshot(String region, String name, String ofCluster, List<Tag> tags) {
        rds(region).createDBClusterSnapshot(r -> r.dbClusterSnapshotIdentifier(name).dbClusterIdentifier(ofCluster).tags(tags));
    }

    String secret(String region, String name, List<Tag> tags) {
        return moto.secrets().apply(region).createSecret(r -> r.name(name).secretString("not-a-real-password")
                .tags(tags.stream().map(t -> software.amazon.awssdk.services.secretsmanager.model.Tag.builder()
                        .key(t.key()).value(t.value()).build()).toList())).arn();
    }

    List<String> instances(String region) {
        return rds(region).describeDBInstances().dbInstances().stream().map(i -> i.dbInstanceIdentifier()).sorted().toList();
    }

    List<String> clusters(String region) {
        return rds(region).describeDBClusters().dbClusters().stream().map(c -> c.dbClusterIdentifier()).sorted().toList();
    }

    List<String> manualSnapshots(String region) {
        return rds(region).describeDBSnapshots(r -> r.snapshotType("manual")).dbSnapshots().stream()
                .map(s -> s.dbSnapshotIdentifier()).sorted().toList();
    }

    List<String> manualClusterSnapshots(String region) {
        return rds(region).describeDBClusterSnapshots(r -> r.snapshotType("manual")).dbClusterSnapshots().stream()
                .map(s -> s.dbClusterSnapshotIdentifier()).sorted().toList();
    }

    List<String> secrets(String region) {
        return moto.secrets().apply(region).listSecrets().secretList().stream().map(s -> s.name()).sorted().toList();
    }
}
