package io.restoredrill.cli;

import io.restoredrill.aws.state.DrillState;
import io.restoredrill.aws.state.PhaseMark;
import io.restoredrill.aws.state.ReportRef;
import io.restoredrill.core.time.Durations;
import io.restoredrill.remote.DrillExecutions.Execution;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;

/** Prints where a drill execution stands: its status, its phases so far, and its verdict. */
final class ExecutionSummary {

    private ExecutionSummary() {
    }

    static void print(PrintWriter out, Execution execution) {
        out.println("Execution " + execution.name() + ": " + execution.status()
                + (execution.running() && execution.currentState() != null ? ", now in " + execution.currentState() : "")
                + (execution.started() != null ? " (started " + execution.started() + ")" : ""));
        execution.latestState().ifPresent(state -> phases(out, state, execution.stopped()));
        ReportRef report = execution.latestState().map(s -> s.progress().report()).orElse(null);
        if (report != null) {
            out.println("Verdict: " + report.verdict() + (report.failureReason() == null ? "" : " — " + report.failureReason()));
            out.println("Report: s3://" + report.bucket() + "/" + report.key() + "   (drill report " + execution.arn() + ")");
        } else if (execution.error() != null) {
            out.println("Error: " + execution.error() + (execution.cause() == null ? "" : " — " + execution.cause()));
        }
    }

    private static void phases(PrintWriter out, DrillState state, Instant stopped) {
        if (state.progress().phases().isEmpty()) {
            return;
        }
        out.printf("  %-12s %-8s %-22s %s%n", "Phase", "Status", "Started", "Took");
        for (PhaseMark mark : state.progress().phases()) {
            Instant end = mark.end() != null ? mark.end() : stopped;
            String took = end == null ? "…" : Durations.format(Duration.between(mark.start(), end));
            out.printf("  %-12s %-8s %-22s %s%n", mark.phase(), mark.status() == null ? "running" : mark.status(),
                    mark.start(), took);
        }
    }
}
