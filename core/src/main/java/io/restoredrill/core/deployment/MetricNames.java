package io.restoredrill.core.deployment;

/** The CloudWatch metrics Publish emits and the stacks' alarms and dashboard read. */
public final class MetricNames {

    public static final String NAMESPACE = "RestoreDrill";

    public static final String SOURCE = "Source";
    public static final String PHASE = "Phase";

    public static final String RESTORE_TIME_SECONDS = "RestoreTimeSeconds";
    public static final String DRILL_DURATION_SECONDS = "DrillDurationSeconds";
    public static final String DRILL_PASSED = "DrillPassed";
    public static final String SNAPSHOT_AGE_SECONDS = "SnapshotAgeSeconds";
    public static final String ROWS_VERIFIED = "RowsVerified";
    public static final String PHASE_DURATION_SECONDS = "PhaseDurationSeconds";

    private MetricNames() {
    }
}
