package io.restoredrill.infra;

import io.restoredrill.core.deployment.DrillResourceNames;
import io.restoredrill.core.deployment.DrillTagKeys;
import io.restoredrill.core.deployment.MetricNames;

/**
 * The fixed names both stacks agree on without referencing each other (they live in different
 * regions), and the names the functions give what drills create, taken from core's
 * {@code io.restoredrill.core.deployment}, where the functions take them too.
 */
public final class Names {

    public static final String SOURCE_STACK = "RestoreDrill-Source";
    public static final String RECOVERY_STACK = "RestoreDrill-Recovery";

    /** The source region's AWS Backup vault. */
    public static final String SOURCE_VAULT = "restore-drill-source";
    /** The recovery region's AWS Backup vault: the source plan's copy destination, known by this name. */
    public static final String RECOVERY_VAULT = "restore-drill-recovery";
    public static final String BACKUP_PLAN = "restore-drill";
    /**
     * The recovery region's event bus the source region forwards its backup key's tampering events to (cross-region
     * EventBridge target, known by this name): the topic that reports them lives in the recovery region.
     */
    public static final String KEY_EVENTS_BUS = "restore-drill-key-events";
    public static final String SUBNET_GROUP = "restore-drill-isolated";
    /**
     * The recovery region's key for drill snapshot copies, the recovery vault and replicated automated backups: the
     * source stack finds it by this alias (no cross-region reference).
     */
    public static final String SNAPSHOTS_KEY_ALIAS = "alias/restore-drill/snapshots";
    public static final String DRILL_STATE_MACHINE = "restore-drill";
    public static final String FLEET_STATE_MACHINE = "restore-drill-fleet";
    /** Restore Drill as the validator of AWS Backup restore testing (statemachine/restore-test.asl.json). */
    public static final String RESTORE_TEST_STATE_MACHINE = "restore-drill-restore-test";
    public static final String METRICS_NAMESPACE = MetricNames.NAMESPACE;
    public static final String SERVICE = "restore-drill";

    /** Every RDS resource a drill creates is named {@code drill-<source>-<drillId>…} (DrillNames). */
    public static final String DRILL_RESOURCE_PREFIX = DrillResourceNames.RESOURCE_PREFIX;
    /** A drill's secret is {@code restore-drill/<source>/<drillId>} (DrillNames). */
    public static final String DRILL_SECRET_PREFIX = DrillResourceNames.SECRET_PREFIX;

    public static final String TAG_MANAGED = DrillTagKeys.MANAGED;
    public static final String TAG_ID = DrillTagKeys.ID;
    public static final String TAG_SOURCE = DrillTagKeys.SOURCE;
    public static final String TAG_EXPIRES_AT = DrillTagKeys.EXPIRES_AT;
    /** Not ours: AWS Backup's tag on every resource a restore testing plan restores. */
    public static final String TAG_AWS_BACKUP_RESTORE_TEST = DrillTagKeys.AWS_BACKUP_RESTORE_TEST;

    private Names() {
    }
}
