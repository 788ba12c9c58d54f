package io.restoredrill.infra.config;

import io.restoredrill.core.time.Durations;
import java.time.Duration;
import java.util.List;

/**
 * The one validated configuration both stacks are built from: every default filled in, every rule
 * checked ({@link ConfigValidator}). Read it with {@link ConfigLoader}.
 *
 * @param account              the AWS account both stacks deploy to
 * @param sourceRegion         where the source databases and the AWS Backup plan live
 * @param recoveryRegion       where drills restore, and where the orchestration runs
 * @param sources              the databases drilled on the schedule
 * @param schedule             when drills run, and whether the schedule starts the fleet or one drill per source
 * @param janitor              when the Janitor sweeps drill leftovers past their TTL
 * @param budgets              the RTO and phase budgets every scheduled drill gets
 * @param instanceClass        the restored database's instance class
 * @param drillTtl             how long a drill's resources may live before the Janitor removes them
 * @param backup               the AWS Backup plan: which databases (by tag) and the retention rules
 * @param vaultLock            Vault Lock of the source and recovery vaults
 * @param alarms               alarm thresholds
 * @param notificationEmails   who the SNS topic e-mails (alarms and drill summaries)
 * @param fleetMaxConcurrency  how many drills of the fleet run at once (RDS allows 5 concurrent cross-region copies)
 * @param evidenceRetentionDays Object Lock (compliance mode) default retention of the evidence bucket
 * @param breakGlassRoleName   the IAM role (name, path /) that alone may schedule the deletion of, disable, or rewrite
 *                             the key policy of the KMS keys protecting the locked vaults
 */
public record DrillConfig(
        String account,
        String sourceRegion,
        String recoveryRegion,
        List<Source> sources,
        DrillSchedule schedule,
        CronSchedule janitor,
        DrillBudgets budgets,
        String instanceClass,
        String drillTtl,
        Backup backup,
        VaultLock vaultLock,
        Alarms alarms,
        List<String> notificationEmails,
        int fleetMaxConcurrency,
        int evidenceRetentionDays,
        String breakGlassRoleName) {

    public DrillConfig {
        sources = List.copyOf(sources);
        notificationEmails = List.copyOf(notificationEmails);
    }

    /**
     * A database drilled on the schedule.
     *
     * @param database     the database to verify, or {@code null} for the one the source was created with
     * @param snapshotMode {@code NEW}, {@code LATEST_AUTOMATED}, {@code LATEST_RECOVERY_POINT} or {@code PITR}, or {@code null}
     *                     for NEW
     * @param budgets      the source's own budgets, every field filled from the top-level ones; {@code null}: those
     * @param suite        the source's verification suite as compact JSON (the suite file format); {@code null}: the
     *                     default checks
     * @param instanceClass the instance class its drills restore to (Verify opens a connection per vCPU of it), or
     *                     {@code null} for the top-level {@code restore.instanceClass}
     * @param restoreTesting an AWS Backup restore testing plan that restores this source's recovery points in the
     *                     recovery region and has Restore Drill verify them, or {@code null} for none
     * @param pitr          cross-region replication of the source's automated backups to the recovery region, which
     *                      point-in-time drills ({@code snapshotMode PITR}) restore, or {@code null} for none
     */
    public record Source(String identifier, String database, String snapshotMode, DrillBudgets budgets, String suite,
                         String instanceClass, RestoreTesting restoreTesting, Pitr pitr) {
    }

    /**
     * The source stack turns on replication of the source DB instance's automated backups (snapshots and transaction
     * logs) to the recovery region, encrypted with the recovery region's snapshots key (docs/deploy.md).
     *
     * @param retentionDays how many days of the replicated backups RDS keeps in the recovery region: the restore window
     */
    public record Pitr(int retentionDays) {
    }

    /**
     * An AWS Backup restore testing plan for one source (docs/deploy.md): AWS Backup restores a recovery point of
     * the recovery vault on its schedule, and Restore Drill verifies the restored database within the validation window.
     *
     * @param schedule              an AWS Backup cron expression, {@code cron(0 5 ? * SUN *)}
     * @param timeZone              an IANA time zone, or {@code null} for AWS Backup's default (UTC)
     * @param startWindowHours      how long after the scheduled time the restore job may start
     * @param validationWindowHours how long the restored database is kept for Restore Drill to verify it; at least the
     *                              source's RTO
     * @param selectionWindowDays   how far back the recovery point is chosen from
     */
    public record RestoreTesting(RestoreTestResourceType resourceType, String schedule, String timeZone, int startWindowHours,
                                 int validationWindowHours, int selectionWindowDays, SelectionAlgorithm algorithm) {
    }

    /** What a source is, as AWS Backup restore testing names it. */
    public enum RestoreTestResourceType {
        /** An RDS for PostgreSQL DB instance. */
        RDS("RDS", "db"),
        /** An Aurora PostgreSQL DB cluster (AWS Backup restores the cluster; the drill adds its instance). */
        AURORA("Aurora", "cluster");

        private final String protectedResourceType;
        private final String arnType;

        RestoreTestResourceType(String protectedResourceType, String arnType) {
            this.protectedResourceType = protectedResourceType;
            this.arnType = arnType;
        }

        /** {@code ProtectedResourceType} of a restore testing selection, as written in the configuration. */
        public String protectedResourceType() {
            return protectedResourceType;
        }

        /** The RDS ARN's resource type: {@code db} or {@code cluster}. */
        public String arnType() {
            return arnType;
        }
    }

    /** How a restore testing plan chooses the recovery point within its selection window. */
    public enum SelectionAlgorithm {
        LATEST_WITHIN_WINDOW,
        RANDOM_WITHIN_WINDOW
    }

    /** The budgets the source's drills get: its own, else the top-level ones. */
    public DrillBudgets budgetsOf(Source source) {
        return source.budgets() != null ? source.budgets() : budgets;
    }

    /** An EventBridge Scheduler cron expression, {@code cron(0 4 ? * MON *)}, in an IANA time zone. */
    public record CronSchedule(String cron, String timeZone) {
    }

    /** @param target what the schedule starts */
    public record DrillSchedule(CronSchedule when, ScheduleTarget target) {
    }

    public enum ScheduleTarget {
        /** One schedule starts the fleet state machine, which drills every source, a few at a time. */
        FLEET,
        /** One schedule per source starts the drill state machine. */
        PER_SOURCE
    }

    /** The Backup plan: the tag that selects the source databases, and its retention rules. */
    public record Backup(Tag selectionTag, List<RetentionRule> rules) {

        public Backup {
            rules = List.copyOf(rules);
        }
    }

    public record Tag(String key, String value) {
    }

    /**
     * One rule of the Backup plan; its recovery points are copied to the recovery vault with the same lifecycle.
     *
     * @param schedule             an AWS Backup cron expression, {@code cron(0 3 * * ? *)}, in the drill schedule's time zone
     * @param coldStorageAfterDays {@code null} for none; AWS Backup applies it only to resource types that support cold storage
     */
    public record RetentionRule(String name, String schedule, int deleteAfterDays, Integer coldStorageAfterDays) {
    }

    /**
     * Vault Lock of both vaults.
     *
     * @param changeableForDays the grace period of a COMPLIANCE lock (at least 3 days), after which nobody can remove it;
     *                          {@code null} for GOVERNANCE
     * @param maxRetentionDays  {@code null} for no maximum
     */
    public record VaultLock(LockMode mode, Integer changeableForDays, int minRetentionDays, Integer maxRetentionDays) {
    }

    public enum LockMode {
        COMPLIANCE,
        GOVERNANCE
    }

    /** @param noSuccessDays the "no successful drill within N days" alarm's N */
    public record Alarms(int noSuccessDays) {
    }

    /** The top-level RTO budget: the dashboard's line, and the RTO of a source without budgets of its own. */
    public Duration rto() {
        return budgets.parsed().rto();
    }

    /** After this a drill's leftovers are the Janitor's; also the drill state machine's timeout. */
    public Duration drillTtlDuration() {
        return Durations.parse(drillTtl, "drillTtl");
    }
}
