package io.restoredrill.core.run;

import io.restoredrill.core.model.Budgets;
import io.restoredrill.core.model.PhaseResult;
import io.restoredrill.core.model.PhaseStatus;
import io.restoredrill.core.time.Durations;
import io.restoredrill.core.verify.CheckResult;
import io.restoredrill.core.verify.VerificationResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The verdict rule, the same for every engine: a drill passes only when every phase passed, no
 * check failed or errored, the RTO stayed within its budget and, where there is an RPO budget, the
 * restored data was no older than it allows.
 */
public final class Verdicts {

    private Verdicts() {
    }

    /** @return the reason the drill failed, or empty when it passed; without an RPO measurement */
    public static Optional<String> failureReason(List<PhaseResult> phases, VerificationResult verification,
                                                 Duration rto, Budgets budgets) {
        return failureReason(phases, verification, rto, null, budgets);
    }

    /**
     * @param rpo drill start minus the newest restored data (or the backup's time), {@code null} when not measured
     * @return the reason the drill failed, or empty when it passed
     */
    public static Optional<String> failureReason(List<PhaseResult> phases, VerificationResult verification,
                                                 Duration rto, Duration rpo, Budgets budgets) {
        Optional<PhaseResult> failedPhase = phases.stream().filter(p -> p.status() == PhaseStatus.FAILED).findFirst();
        if (failedPhase.isPresent()) {
            return Optional.of(failedPhase.get().detail());
        }
        if (verification == null) {
            return Optional.of("Verification did not run.");
        }
        List<CheckResult> failures = verification.failures();
        if (!failures.isEmpty()) {
            CheckResult first = failures.get(0);
            String more = failures.size() > 1 ? " (and " + (failures.size() - 1) + " more failed checks)" : "";
            return Optional.of("check '" + first.name() + "' " + first.status().name().toLowerCase() + ": "
                    + first.detail() + more);
        }
        if (rto != null && rto.compareTo(budgets.rto()) > 0) {
            return Optional.of("RTO " + Durations.format(rto) + " exceeded its budget of " + Durations.format(budgets.rto()) + ".");
        }
        if (rpo != null && budgets.rpo() != null && rpo.compareTo(budgets.rpo()) > 0) {
            return Optional.of("Stale backup: the restored data is " + Durations.format(rpo)
                    + " old, over the RPO budget of " + Durations.format(budgets.rpo()) + ".");
        }
        return Optional.empty();
    }

    /**
     * The RPO both engines report: drill start minus the newest data a freshness check saw, else minus
     * the newest data the restore itself reports ({@link io.restoredrill.core.model.RestorePoint#restoredTo()}:
     * the last replayed commit, the latest restorable time, the snapshot's time). Never negative.
     *
     * @return {@code null} when neither time is known
     */
    public static Duration rpo(Instant startedAt, Instant newestData, Instant restoredTo) {
        Instant newest = newestData != null ? newestData : restoredTo;
        if (newest == null || startedAt == null) {
            return null;
        }
        Duration rpo = Duration.between(newest, startedAt);
        return rpo.isNegative() ? Duration.ZERO : rpo;
    }
}
