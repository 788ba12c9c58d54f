package io.restoredrill.aws.publish;

import io.restoredrill.aws.drill.PointInTime;
import io.restoredrill.aws.drill.SourceKind;
import io.restoredrill.aws.drill.SourceRef;
import io.restoredrill.aws.state.DrillState;
import io.restoredrill.aws.state.PhaseMark;
import io.restoredrill.aws.state.Progress;
import io.restoredrill.core.model.DrillReport;
import io.restoredrill.core.model.Phase;
import io.restoredrill.core.model.RestorePoint;
import io.restoredrill.core.model.SnapshotInfo;
import io.restoredrill.core.model.SourceInfo;
import io.restoredrill.core.model.Verdict;
import io.restoredrill.core.run.Verdicts;
import io.restoredrill.core.verify.VerificationResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Core's drill report from an AWS drill's state, held to the same verdict rule as every engine
 * (docs/report-format.md). A failure the state machine caught fails the drill with the failed
 * step's own message, whatever else the report says.
 */
final class ReportBuilder {

    static final String ENGINE = "aws";

    private ReportBuilder() {
    }

    /**
     * @param verification what Verify stored, or {@code null} when it did not run
     * @param failure      what the Catch recorded, or {@code null}
     * @param finishedAt   now: Publish runs after Cleanup
     */
    static DrillReport build(DrillState state, VerificationResult verification, FailureCause failure, Instant finishedAt) {
        PhaseResults.Outcome outcome = PhaseResults.of(state, failure, finishedAt);
        Duration rto = rto(state.progress());
        Duration rpo = rpo(state, verification);
        Optional<String> reason = failure != null
                ? Optional.of(failure.sentence(outcome.failedIn() == null ? "The drill" : outcome.failedIn().displayName()))
                : Verdicts.failureReason(outcome.phases(), verification, rto, rpo, state.budgets());
        return new DrillReport(DrillReport.SCHEMA_VERSION, state.drillId(), ENGINE, source(state.source()), null,
                state.startedAt(), finishedAt, snapshot(state), restorePoint(state), state.budgets(), outcome.phases(), verification, rto,
                rpo, reason.isPresent() ? Verdict.FAILED : Verdict.PASSED, reason.orElse(null));
    }

    /** Restore's start to Verify's end, when both happened (as the local engine measures it). */
    static Duration rto(Progress progress) {
        Optional<Instant> restoreStart = progress.mark(Phase.RESTORE).map(PhaseMark::start);
        Optional<Instant> verifyEnd = progress.mark(Phase.VERIFY).map(PhaseMark::end);
        return restoreStart.isPresent() && verifyEnd.isPresent()
                ? Duration.between(restoreStart.get(), verifyEnd.get()) : null;
    }

    /** Drill start minus the newest data a freshness check saw, else minus the restore point's time; never negative. */
    static Duration rpo(DrillState state, VerificationResult verification) {
        RestorePoint point = restorePoint(state);
        return Verdicts.rpo(state.startedAt(), verification == null ? null : verification.newestData(),
                point == null ? null : point.restoredTo());
    }

    /**
     * A snapshot holds what the source held when RDS created it. A point-in-time drill holds what the source held at
     * the time RDS restored its replicated automated backups to: the input's {@code restoreTime}, or the latest
     * restorable time Restore read just before its request.
     */
    static RestorePoint restorePoint(DrillState state) {
        PointInTime pitr = state.pointInTime();
        if (pitr != null) {
            // Set by Restore: a drill that failed before it restored nothing and has no restore point.
            Instant restoredTo = state.progress().restoredTo();
            if (restoredTo == null) {
                return null;
            }
            return pitr.latest()
                    ? new RestorePoint(RestorePoint.Kind.LATEST_RESTORABLE, null, restoredTo, null, null,
                            "The restore window's LatestTime of the replicated automated backups " + pitr.automatedBackupsArn()
                                    + ", read just before RestoreDBInstanceToPointInTime with UseLatestRestorableTime.")
                    : new RestorePoint(RestorePoint.Kind.TARGET_TIME, pitr.restoreTime(), restoredTo, null, null,
                            "The execution input's restoreTime, given to RestoreDBInstanceToPointInTime as RestoreTime for"
                                    + " the replicated automated backups " + pitr.automatedBackupsArn() + ".");
        }
        Instant taken = state.progress().snapshotTime();
        return taken == null ? null : new RestorePoint(RestorePoint.Kind.SNAPSHOT, null, taken, null, null,
                "The snapshot's creation time, as RDS reports it.");
    }

    static SourceInfo source(SourceRef source) {
        String kind = source.kind() == SourceKind.CLUSTER ? "aurora-cluster" : "rds-instance";
        return new SourceInfo(source.identifier(), kind, source.arn(), source.engineVersion());
    }

    /**
     * The snapshot and its copy in the recovery region. RDS does not say how many bytes a copy
     * moved, so {@code sizeBytes} is 0; the copy is encrypted at rest when Copy re-encrypted it
     * with the recovery region's KMS key. A point-in-time drill restored the replicated automated
     * backups (in the recovery region, encrypted with its key), whose data is of the restore point's time.
     */
    static SnapshotInfo snapshot(DrillState state) {
        Progress progress = state.progress();
        boolean encrypted = state.restore() != null && state.restore().kmsKeyId() != null;
        if (state.pointInTime() != null) {
            RestorePoint point = restorePoint(state);
            String backups = state.pointInTime().automatedBackupsArn();
            return point == null ? null : new SnapshotInfo(backups, point.restoredTo(), 0, 1, null, backups, encrypted);
        }
        if (progress.snapshotArn() == null && progress.copyArn() == null) {
            return null;
        }
        String id = progress.snapshotArn() != null ? progress.snapshotArn() : progress.copyArn();
        return new SnapshotInfo(id, progress.snapshotTime(), 0, 1, null, progress.copyArn(), encrypted);
    }
}
