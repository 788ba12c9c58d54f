package io.restoredrill.cli;

import io.restoredrill.core.model.Phase;
import io.restoredrill.core.model.PhaseResult;
import io.restoredrill.core.model.PhaseStatus;
import io.restoredrill.core.run.ProgressListener;
import io.restoredrill.core.time.Durations;
import java.io.PrintWriter;
import java.time.Duration;

/** One line as each phase starts and one as it ends, with its time against its budget. */
final class ConsoleProgress implements ProgressListener {

    private final PrintWriter out;

    ConsoleProgress(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void phaseStarted(Phase phase, Duration budget) {
        out.printf("▶ %-11s started%s%n", phase, budget == null ? "" : " (budget " + Durations.format(budget) + ")");
        out.flush();
    }

    @Override
    public void phaseFinished(PhaseResult result) {
        String mark = switch (result.status()) {
            case PASSED -> "✔";
            case FAILED -> "✘";
            case NOT_RUN -> "·";
        };
        String timing = result.status() == PhaseStatus.NOT_RUN ? "not run"
                : Durations.format(result.duration()) + (result.budget() == null ? "" : " of " + Durations.format(result.budget()));
        out.printf("%s %-11s %-18s %s%n", mark, result.phase(), timing, result.detail() == null ? "" : result.detail());
        out.flush();
    }

    @Override
    public void note(String message) {
        out.println("  " + message);
        out.flush();
    }
}
