package io.restoredrill.core.run;

import io.restoredrill.core.error.BudgetExceededException;
import io.restoredrill.core.error.DrillException;
import io.restoredrill.core.model.Budgets;
import io.restoredrill.core.model.Phase;
import io.restoredrill.core.model.PhaseResult;
import io.restoredrill.core.model.PhaseStatus;
import io.restoredrill.core.time.Durations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a drill's phases one at a time, timing each against its budget, telling the progress
 * listener, and keeping the results for the report. A phase that throws, or that ends over its
 * budget, is recorded as failed and the failure is rethrown for the engine to stop on.
 *
 * <p>The RTO runs from the start of Restore to the end of Verify; phases inside that span must
 * also finish before the RTO deadline.
 */
public final class PhaseRecorder {

    private static final Set<Phase> RTO_SPAN = EnumSet.of(Phase.RESTORE, Phase.CREDENTIALS, Phase.VERIFY);

    private final Budgets budgets;
    private final Clock clock;
    private final ProgressListener listener;
    private final List<PhaseResult> results = new ArrayList<>();
    private Instant restoreStart;

    public PhaseRecorder(Budgets budgets, Clock clock, ProgressListener listener) {
        this.budgets = budgets;
        this.clock = clock;
        this.listener = listener;
    }

    public <T> T call(Phase phase, Function<PhaseContext, T> action) {
        Instant start = clock.instant();
        if (phase == Phase.RESTORE) {
            restoreStart = start;
        }
        Duration budget = budgets.budgetOf(phase);
        Instant deadline = deadline(phase, start, budget);
        listener.phaseStarted(phase, budget);
        String[] detail = {""};
        PhaseContext context = new PhaseContext() {
            @Override
            public Instant deadline() {
                return deadline;
            }

            @Override
            public void detail(String sentence) {
                detail[0] = sentence;
            }
        };
        T value;
        try {
            value = action.apply(context);
        } catch (RuntimeException e) {
            String reason = e instanceof DrillException ? e.getMessage() : phase + " failed unexpectedly: " + e;
            if (deadline != null && !clock.instant().isBefore(deadline)) {
                BudgetExceededException exceeded = new BudgetExceededException(overBudgetReason(phase, budget, deadline), e);
                record(PhaseResult.of(phase, start, clock.instant(), budget, PhaseStatus.FAILED, exceeded.getMessage()));
                throw exceeded;
            }
            record(PhaseResult.of(phase, start, clock.instant(), budget, PhaseStatus.FAILED, reason));
            throw e;
        }
        PhaseResult result = PhaseResult.of(phase, start, clock.instant(), budget, PhaseStatus.PASSED, detail[0]);
        if (result.overBudget()) {
            String reason = phase + " took " + Durations.format(result.duration()) + ", over its budget of "
                    + Durations.format(budget) + ".";
            record(new PhaseResult(phase, result.start(), result.end(), result.duration(), budget, PhaseStatus.FAILED, reason));
            throw new BudgetExceededException(reason);
        }
        record(result);
        return value;
    }

    public void run(Phase phase, Consumer<PhaseContext> action) {
        call(phase, context -> {
            action.accept(context);
            return null;
        });
    }

    /** Why a phase after a failed one has no result: the same words in both engines' reports. */
    public static final String NOT_RUN_AFTER_FAILURE = "Not run: an earlier phase failed.";

    /**
     * After a failure, records every phase of {@code order} from the one after Plan up to (not including) Cleanup
     * that has no result yet as NOT_RUN; Cleanup always runs and Publish writes the report. Nothing is recorded when
     * Plan itself never ran.
     *
     * @param order the engine's phases in drill order, starting with Plan and holding Cleanup
     */
    public void notRunAfterFailure(List<Phase> order) {
        if (!ran(Phase.PLAN)) {
            return;
        }
        for (Phase phase : order.subList(1, order.indexOf(Phase.CLEANUP))) {
            if (results.stream().noneMatch(r -> r.phase() == phase)) {
                notRun(phase, NOT_RUN_AFTER_FAILURE);
            }
        }
    }

    /** Records phases that will not run because an earlier one failed. */
    public void notRun(Phase phase, String reason) {
        PhaseResult result = new PhaseResult(phase, null, null, null, budgets.budgetOf(phase), PhaseStatus.NOT_RUN, reason);
        results.add(result);
        listener.phaseFinished(result);
    }

    private Instant deadline(Phase phase, Instant start, Duration budget) {
        Instant own = budget == null ? null : start.plus(budget);
        Instant rto = RTO_SPAN.contains(phase) && restoreStart != null ? restoreStart.plus(budgets.rto()) : null;
        if (own == null) {
            return rto;
        }
        return rto == null || own.isBefore(rto) ? own : rto;
    }

    private String overBudgetReason(Phase phase, Duration budget, Instant deadline) {
        boolean rtoBound = budget == null || (restoreStart != null && RTO_SPAN.contains(phase)
                && deadline.equals(restoreStart.plus(budgets.rto())));
        return rtoBound
                ? phase + " was stopped: the restore did not finish within the RTO budget of " + Durations.format(budgets.rto()) + "."
                : phase + " was stopped at its budget of " + Durations.format(budget) + ".";
    }

    private void record(PhaseResult result) {
        results.add(result);
        listener.phaseFinished(result);
    }

    public List<PhaseResult> results() {
        return Collections.unmodifiableList(results);
    }

    public boolean ran(Phase phase) {
        return results.stream().anyMatch(r -> r.phase() == phase && r.status() != PhaseStatus.NOT_RUN);
    }

    /** Restore start to Verify end, when both happened. */
    public Duration rto() {
        Instant verifyEnd = results.stream().filter(r -> r.phase() == Phase.VERIFY && r.end() != null)
                .map(PhaseResult::end).findFirst().orElse(null);
        return restoreStart == null || verifyEnd == null ? null : Duration.between(restoreStart, verifyEnd);
    }
}
