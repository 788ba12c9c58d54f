package io.restoredrill.aws.publish;

import io.restoredrill.aws.state.DrillState;
import io.restoredrill.aws.state.PhaseMark;
import io.restoredrill.core.model.Phase;
import io.restoredrill.core.model.PhaseResult;
import io.restoredrill.core.model.PhaseStatus;
import io.restoredrill.core.run.PhaseRecorder;
import io.restoredrill.core.time.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The report's phases, from the marks the steps left in the state, with the same rules as the
 * local engine's recorder: a phase that ended over its own budget failed; the phase the drill
 * failed in is FAILED with the failed step's message; phases after it that never started are
 * NOT_RUN. Publish is not among them: it writes the report.
 *
 * <p>A step that throws returns no state, so the phase it failed in may have no mark at all (Restore
 * refused at once) or a start without an end (a Check step stopped at the budget). Without a mark
 * the failed phase spans from the end of the phase before it to the start of the next mark
 * (Cleanup, which the Catch runs at once), or to now.
 */
final class PhaseResults {

    /** The AWS engine's phases in drill order; Plan appears only if a mark for it exists. */
    static final List<Phase> ORDER = List.of(Phase.PLAN, Phase.SNAPSHOT, Phase.COPY, Phase.RESTORE,
            Phase.CREDENTIALS, Phase.VERIFY, Phase.CLEANUP);

    static final String NOT_RUN_AFTER_FAILURE = PhaseRecorder.NOT_RUN_AFTER_FAILURE;
    static final String NOT_RUN_NOT_REACHED = "Not run: the drill ended before it.";

    private final DrillState state;
    private final FailureCause failure;
    private final Instant now;
    private final Map<Phase, PhaseMark> marks = new EnumMap<>(Phase.class);

    private PhaseResults(DrillState state, FailureCause failure, Instant now) {
        this.state = state;
        this.failure = failure;
        this.now = now;
        state.progress().phases().forEach(mark -> marks.putIfAbsent(mark.phase(), mark));
    }

    /** The phases of the drill, and which one it failed in (when a failure was recorded). */
    record Outcome(List<PhaseResult> phases, Phase failedIn) {
    }

    static Outcome of(DrillState state, FailureCause failure, Instant now) {
        return new PhaseResults(state, failure, now).build();
    }

    private Outcome build() {
        List<Phase> expected = expected();
        Phase failedIn = failure == null ? null : failedPhase(expected);
        List<PhaseResult> results = new ArrayList<>();
        for (Phase phase : expected) {
            PhaseMark mark = marks.get(phase);
            if (phase == failedIn) {
                Instant start = mark != null ? mark.start() : endBefore(phase, expected);
                results.add(PhaseResult.of(phase, start, latest(start, nextStartAfter(start)), budget(phase),
                        PhaseStatus.FAILED, failure.message()));
            } else if (mark == null) {
                boolean afterFailure = failedIn != null && expected.indexOf(phase) > expected.indexOf(failedIn);
                results.add(new PhaseResult(phase, null, null, null, budget(phase), PhaseStatus.NOT_RUN,
                        afterFailure ? NOT_RUN_AFTER_FAILURE : NOT_RUN_NOT_REACHED));
            } else if (mark.end() == null) {
                results.add(PhaseResult.of(phase, mark.start(), latest(mark.start(), nextStartAfter(mark.start())),
                        budget(phase), PhaseStatus.FAILED, phase + " started but never finished."));
            } else {
                results.add(ended(mark));
            }
        }
        return new Outcome(results, failedIn);
    }

    /** Plan only when marked; Snapshot and Copy are skipped on purpose when the source region is down or in a restore test. */
    private List<Phase> expected() {
        return ORDER.stream().filter(phase -> marks.containsKey(phase)
                || (phase != Phase.PLAN && !(state.skipsSnapshotAndCopy() && (phase == Phase.SNAPSHOT || phase == Phase.COPY))))
                .toList();
    }

    /** The phase still running when the failure was caught, else the first one that never started. */
    private Phase failedPhase(List<Phase> expected) {
        Phase running = null;
        for (PhaseMark mark : state.progress().phases()) {
            if (mark.end() == null && expected.contains(mark.phase())) {
                running = mark.phase();
            }
        }
        if (running != null) {
            return running;
        }
        return expected.stream().filter(phase -> !marks.containsKey(phase)).findFirst().orElse(null);
    }

    private PhaseResult ended(PhaseMark mark) {
        Duration budget = budget(mark.phase());
        PhaseStatus status = mark.status() == null ? PhaseStatus.PASSED : mark.status();
        PhaseResult result = PhaseResult.of(mark.phase(), mark.start(), mark.end(), budget, status, mark.detail());
        if (status == PhaseStatus.PASSED && result.overBudget()) {
            return new PhaseResult(mark.phase(), mark.start(), mark.end(), result.duration(), budget, PhaseStatus.FAILED,
                    mark.phase() + " took " + Durations.format(result.duration()) + ", over its budget of "
                            + Durations.format(budget) + ".");
        }
        return result;
    }

    private Duration budget(Phase phase) {
        return state.budgets() == null ? null : state.budgets().budgetOf(phase);
    }

    /** The latest end of the phases before this one: when a phase without a mark began, at the earliest. */
    private Instant endBefore(Phase phase, List<Phase> expected) {
        return expected.subList(0, expected.indexOf(phase)).stream().map(marks::get).filter(Objects::nonNull)
                .map(PhaseMark::end).filter(Objects::nonNull).max(Instant::compareTo)
                .orElse(state.startedAt() == null ? now : state.startedAt());
    }

    /** When the drill moved on from a phase that started at {@code start}: the next mark's start, else now. */
    private Instant nextStartAfter(Instant start) {
        return marks.values().stream().map(PhaseMark::start).filter(s -> s.isAfter(start))
                .min(Instant::compareTo).orElse(now);
    }

    private static Instant latest(Instant a, Instant b) {
        return b.isBefore(a) ? a : b;
    }
}
