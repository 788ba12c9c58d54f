package io.restoredrill.aws.publish;

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

    /** A snapshot holds what the source held when RDS created it. */
    static RestorePoint restorePoint(DrillState state) {
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
     * with the recovery region's KMS key.
     */
    static SnapshotInfo snapshot(DrillState state) {
        Progress progress = state.progress();
        if (progress.snapshotArn() == null && progress.copyArn() == null) {
            return null;
        }
        String id = progress.snapshotArn() != null ? progress.snapshotArn() : progress.copyArn();
        boolean encrypted = state.restore() != null && state.restore().kmsKeyId() != null;
        return new SnapshotInfo(id, progress.snapshotTime(), 0, 1, null, progress.copyArn(), encrypted);
    }
}
