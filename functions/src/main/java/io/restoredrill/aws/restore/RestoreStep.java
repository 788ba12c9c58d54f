package io.restoredrill.aws.restore;

import io.restoredrill.aws.drill.PointInTime;
import io.restoredrill.aws.rds.Arns;
import io.restoredrill.aws.rds.Ownership;
import io.restoredrill.aws.rds.RdsTags;
import io.restoredrill.aws.rds.ReplicatedBackups;
import io.restoredrill.aws.state.DrillState;
import io.restoredrill.aws.state.Progress;
import io.restoredrill.core.error.RestoreFailedException;
import io.restoredrill.core.model.Phase;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DbClusterAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbInstanceAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbSubnetGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.RestoreDbInstanceFromDbSnapshotRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbInstanceToPointInTimeRequest;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * Restore: brings the copy up in the isolated network: the configured DB subnet group and security
 * groups, the cheap instance class, never publicly accessible, no Multi-AZ, no deletion
 * protection, the drill's tags. A DB snapshot becomes an RDS instance; an Aurora cluster snapshot
 * becomes a cluster with one writer instance; a point-in-time drill restores the replicated automated backups
 * ({@code RestoreDBInstanceToPointInTime}) with the same settings. With the source region down, the newest copy
 * already in the recovery region is restored, never another drill's. A retry finds its own resources.
 * In a restore test AWS Backup restored already ({@link RestoreTests}).
 */
public final class RestoreStep {

    static final String AURORA_POSTGRES = "aurora-postgresql";

    private final Function<String, RdsClient> rdsInRegion;
    private final Clock clock;

    public RestoreStep(Function<String, RdsClient> rdsInRegion, Clock clock) {
        this.rdsInRegion = rdsInRegion;
        this.clock = clock;
    }

    public DrillState restore(DrillState state) {
        Progress progress = state.progress().started(Phase.RESTORE, clock.instant());
        RdsClient rds = rdsInRegion.apply(state.recoveryRegion());
        if (state.restoreTest() != null) {
            RestoreTests.prepare(rds, state);
            return state.with(progress);
        }
        if (state.sourceRegionDown() && progress.copyArn() == null && state.pointInTime() == null) {
            RecoveryRegionCopies.Found newest = RecoveryRegionCopies.newest(rds, state.source().identifier(),
                    state.recoveryRegion(), state.drillId());
            progress = progress.withSnapshot(newest.arn()).withCopy(newest.arn()).withSnapshotTime(newest.createdAt());
        }
        // Restored by name: the copy is in this region and account, where RDS takes names for every snapshot type.
        String copy = progress.copyArn();
        try {
            if (state.pointInTime() != null) {
                progress = restorePointInTime(rds, state, progress);
            } else if (Arns.isClusterSnapshot(copy)) {
                restoreCluster(rds, state, copy);
            } else {
                restoreInstance(rds, state, copy);
            }
        } catch (DbSubnetGroupNotFoundException e) {
            throw new RestoreFailedException("DB subnet group '" + state.restore().subnetGroup() + "' does not exist in "
                    + state.recoveryRegion() + "; deploy the recovery-region stack or fix restore.subnetGroup.", e);
        }
        return state.with(progress);
    }

    private static void restoreInstance(RdsClient rds, DrillState state, String copy) {
        String name = state.names().restored();
        try {
            rds.restoreDBInstanceFromDBSnapshot(isolated(RestoreDbInstanceFromDbSnapshotRequest.builder(), state)
                    .dbInstanceIdentifier(name)
                    .dbSnapshotIdentifier(Arns.name(copy))
                    .build());
        } catch (DbInstanceAlreadyExistsException e) {
            requireOwnInstance(rds, state, name);
        }
    }

    /**
     * A point-in-time drill: RDS restores the replicated automated backups in the recovery region to the input's
     * {@code restoreTime}, or to their latest restorable time, read just before the request. RDS takes its own latest
     * restorable time when it handles the request, no earlier than the one read, so the RPO this records (drill start
     * minus that time) is never smaller than the restored copy's. A retry that finds its own instance reads the time
     * again: later by the seconds between the two attempts.
     */
    private static Progress restorePointInTime(RdsClient rds, DrillState state, Progress progress) {
        PointInTime point = state.pointInTime();
        String name = state.names().restored();
        Instant restoredTo = point.latest()
                ? ReplicatedBackups.window(rds, point.automatedBackupsArn(), state.recoveryRegion()).latest()
                : point.restoreTime();
        try {
            rds.restoreDBInstanceToPointInTime(isolated(RestoreDbInstanceToPointInTimeRequest.builder(), state)
                    .targetDBInstanceIdentifier(name)
                    .sourceDBInstanceAutomatedBackupsArn(point.automatedBackupsArn())
                    .useLatestRestorableTime(point.latest() ? Boolean.TRUE : null)
                    .restoreTime(point.restoreTime())
                    .build());
        } catch (DbInstanceAlreadyExistsException e) {
            requireOwnInstance(rds, state, name);
        }
        return progress.withRestoredTo(restoredTo);
    }

    private static void requireOwnInstance(RdsClient rds, DrillState state, String name) {
        String arn = rds.describeDBInstances(r -> r.dbInstanceIdentifier(name)).dbInstances().get(0).dbInstanceArn();
        Ownership.requireOwnedBy(rds, arn, state.drillId());
    }

    /**
     * The settings every restore of a drill's DB instance sends, from a snapshot or to a point in time: the isolated
     * subnet group and security groups, the cheap class, never public, single-AZ, unprotected, no minor upgrades, no
     * tags copied to its snapshots, the drill's tags. The two requests share no builder type, so the settings are
     * written once, by the API's member names, and every test of either request sees them all.
     */
    static <B extends SdkPojo> B isolated(B builder, DrillState state) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("DBInstanceClass", state.restore().instanceClass());
        settings.put("DBSubnetGroupName", state.restore().subnetGroup());
        settings.put("VpcSecurityGroupIds", state.restore().securityGroupIds());
        settings.put("PubliclyAccessible", false);
        settings.put("MultiAZ", false);
        settings.put("DeletionProtection", false);
        settings.put("AutoMinorVersionUpgrade", false);
        settings.put("CopyTagsToSnapshot", false);
        settings.put("Tags", tags(state));
        for (SdkField<?> field : builder.sdkFields()) {
            if (settings.containsKey(field.memberName())) {
                field.set(builder, settings.remove(field.memberName()));
            }
        }
        if (!settings.isEmpty()) {
            throw new IllegalStateException("The request " + builder.getClass().getName() + " has no member " + settings.keySet());
        }
        return builder;
    }

    private static void restoreCluster(RdsClient rds, DrillState state, String copy) {
        String cluster = state.names().restored();
        try {
            rds.restoreDBClusterFromSnapshot(r -> r
                    .dbClusterIdentifier(cluster)
                    .snapshotIdentifier(Arns.name(copy))
                    .engine(AURORA_POSTGRES)
                    .dbSubnetGroupName(state.restore().subnetGroup())
                    .vpcSecurityGroupIds(state.restore().securityGroupIds())
                    .deletionProtection(false)
                    .copyTagsToSnapshot(false)
                    .tags(tags(state)));
        } catch (DbClusterAlreadyExistsException e) {
            String arn = rds.describeDBClusters(r -> r.dbClusterIdentifier(cluster)).dbClusters().get(0).dbClusterArn();
            Ownership.requireOwnedBy(rds, arn, state.drillId());
        }
        addWriter(rds, state, cluster);
    }

    /** One drill-named, drill-tagged instance in the cluster: the only way to reach an Aurora cluster's data. */
    static void addWriter(RdsClient rds, DrillState state, String cluster) {
        String writer = state.names().writer();
        try {
            rds.createDBInstance(r -> r
                    .dbInstanceIdentifier(writer)
                    .dbClusterIdentifier(cluster)
                    .engine(AURORA_POSTGRES)
                    .dbInstanceClass(state.restore().instanceClass())
                    .publiclyAccessible(false)
                    .autoMinorVersionUpgrade(false)
                    .tags(tags(state)));
        } catch (DbInstanceAlreadyExistsException e) {
            String arn = rds.describeDBInstances(r -> r.dbInstanceIdentifier(writer)).dbInstances().get(0).dbInstanceArn();
            Ownership.requireOwnedBy(rds, arn, state.drillId());
        }
    }

    private static java.util.List<Tag> tags(DrillState state) {
        return RdsTags.of(state.tags());
    }
}
