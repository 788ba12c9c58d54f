package io.restoredrill.aws.plan;

import io.restoredrill.aws.drill.DrillNames;
import io.restoredrill.aws.drill.PointInTime;
import io.restoredrill.aws.drill.SourceKind;
import io.restoredrill.aws.drill.SnapshotMode;
import io.restoredrill.aws.drill.SourceRef;
import io.restoredrill.aws.rds.Ownership;
import io.restoredrill.aws.rds.RdsSources;
import io.restoredrill.aws.rds.ReplicatedBackups;
import io.restoredrill.aws.restoretest.RestoreJobs;
import io.restoredrill.aws.state.DrillState;
import io.restoredrill.aws.state.Progress;
import io.restoredrill.core.error.PointInTimeUnsupportedException;
import io.restoredrill.core.error.RestoreTimeOutsideWindowException;
import io.restoredrill.core.model.Phase;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Plan: resolves the source, names everything the drill will create, and refuses any name that
 * is already taken by something the drill does not own; reads the suite an input names by key.
 * A point-in-time drill ({@code PITR}) finds the source's replicated automated backups in the recovery region and
 * checks the time it asks for. It reads only; a dry run ends here.
 */
public final class PlanStep {

    /** Verified when neither the input nor the source names a database. */
    static final String DEFAULT_DATABASE = "postgres";

    private final Function<String, RdsClient> rdsInRegion;
    private final SuiteObjects suites;
    private final RestoreJobs restoreJobs;
    private final Clock clock;

    /** A Plan that refuses a suite named by key ({@link SuiteObjects#NONE}). */
    public PlanStep(Function<String, RdsClient> rdsInRegion, Clock clock) {
        this(rdsInRegion, SuiteObjects.NONE, clock);
    }

    /** A Plan that refuses restore tests ({@link RestoreJobs#NONE}). */
    public PlanStep(Function<String, RdsClient> rdsInRegion, SuiteObjects suites, Clock clock) {
        this(rdsInRegion, suites, RestoreJobs.NONE, clock);
    }

    public PlanStep(Function<String, RdsClient> rdsInRegion, SuiteObjects suites, RestoreJobs restoreJobs, Clock clock) {
        this.rdsInRegion = rdsInRegion;
        this.suites = suites;
        this.restoreJobs = restoreJobs;
        this.clock = clock;
    }

    public DrillState plan(DrillRequest request) {
        Instant now = clock.instant();
        SourceRef source = request.sourceRegionDown()
                ? new SourceRef(request.source(), null, null, null, null, null)
                : RdsSources.resolve(rdsInRegion.apply(request.sourceRegion()), request.source(), request.sourceRegion());
        DrillNames names = DrillNames.of(request.source(), request.drillId());
        RdsClient recovery = rdsInRegion.apply(request.recoveryRegion());
        Ownership.requireFreeOrOwned(recovery, request.recoveryRegion(), names.restored(), request.drillId());
        Ownership.requireFreeOrOwned(recovery, request.recoveryRegion(), names.writer(), request.drillId());
        Ownership.requireFreeOrOwned(recovery, request.recoveryRegion(), names.copy(), request.drillId());
        if (request.snapshotMode() == SnapshotMode.NEW && !request.sourceRegionDown()) {
            Ownership.requireFreeOrOwned(rdsInRegion.apply(request.sourceRegion()), request.sourceRegion(),
                    names.snapshot(), request.drillId());
        }
        String database = request.database() != null ? request.database()
                : source.databaseName() != null ? source.databaseName() : DEFAULT_DATABASE;
        String suite = request.suiteKey() != null ? suites.read(request.recoveryRegion(), request.suiteKey()) : request.suite();
        Instant startedAt = now;
        Progress progress = Progress.EMPTY.withSnapshot(request.snapshotArn());
        PointInTime pointInTime = request.snapshotMode() == SnapshotMode.PITR ? pointInTime(request, source, recovery) : null;
        if (request.restoreTest() != null) {
            // The drill began when AWS Backup began restoring: the RTO and the Restore budget count its restore.
            RestoreJobs.Confirmed job = restoreJobs.confirm(request.restoreTest(), request.recoveryRegion());
            startedAt = job.restoreStarted() != null ? job.restoreStarted() : now;
            progress = Progress.EMPTY.withSnapshot(request.restoreTest().recoveryPointArn())
                    .withSnapshotTime(job.recoveryPointCreated())
                    .started(Phase.RESTORE, startedAt);
        }
        return new DrillState(request.drillId(), source, request.sourceRegion(), request.recoveryRegion(),
                request.snapshotMode(), request.recoveryVault(), request.sourceRegionDown(), names, request.restore(),
                database, request.budgets(), suite, request.ttl(), startedAt, now.plus(request.ttl()), request.dryRun(),
                request.retainSnapshots(), request.keep(), request.restoreTest(), pointInTime, progress, null, null);
    }

    /**
     * A point-in-time drill restores the source's automated backups that RDS replicates to the recovery region: they
     * must be there, replicating, and hold the time asked for. RDS replicates the automated backups of DB instances
     * only, so an Aurora cluster is refused with the drill that comes closest.
     */
    private static PointInTime pointInTime(DrillRequest request, SourceRef source, RdsClient recovery) {
        if (source.kind() == SourceKind.CLUSTER) {
            throw new PointInTimeUnsupportedException("Source '" + source.identifier() + "' is an Aurora cluster: RDS replicates"
                    + " the automated backups of DB instances only, so no point in time of it can be restored in "
                    + request.recoveryRegion() + ". Drill the hourly AWS Backup copies in the recovery vault instead"
                    + " (snapshotMode LATEST_RECOVERY_POINT, with an hourly rule in the deployment's backup plan), or run an"
                    + " Aurora Global Database secondary there (docs/deploy.md, \"Aurora\").");
        }
        ReplicatedBackups.Found found = ReplicatedBackups.find(recovery, request.source(), source.arn(),
                request.sourceRegion(), request.recoveryRegion());
        Instant time = request.restoreTime();
        if (time != null && (time.isAfter(found.latest()) || found.earliest() != null && time.isBefore(found.earliest()))) {
            throw new RestoreTimeOutsideWindowException("Field 'restoreTime' = " + time + " is outside the restore window of"
                    + " the replicated automated backups of '" + request.source() + "' in " + request.recoveryRegion() + ", "
                    + found.earliest() + " to " + found.latest() + "; give a time inside it, or leave 'restoreTime' out for"
                    + " the latest restorable time.");
        }
        return new PointInTime(found.arn(), time, found.earliest(), found.latest());
    }
}
