package io.restoredrill.aws.publish;

import io.restoredrill.core.model.DrillReport;
import io.restoredrill.core.model.PhaseResult;
import io.restoredrill.core.model.PhaseStatus;
import io.restoredrill.core.time.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The summary people get by e-mail or chat: a subject that says the verdict, the source and the RTO
 * against its budget (SNS subjects are ASCII, at most 100 characters), and a plain-text body with
 * the failure reason, RTO and RPO, every phase, rows verified and where the report is.
 */
public record Notification(String subject, String body) {

    static final int MAX_SUBJECT = 100;

    public static Notification of(StoredReport stored) {
        DrillReport report = stored.report();
        return new Notification(subject(report), body(stored));
    }

    static String subject(DrillReport report) {
        String verdict = report.verdictHeadline();
        String rto = report.rto() != null
                ? "RTO " + Durations.format(report.rto()) + " of " + Durations.format(report.budgets().rto())
                : report.phases().stream().filter(p -> p.status() == PhaseStatus.FAILED).findFirst()
                        .map(p -> "failed in " + p.phase().displayName()).orElse("RTO not measured");
        return fit("Restore drill " + verdict + ": " + report.source().name() + " (" + rto + ")");
    }

    /** Printable ASCII only, cut to SNS's limit. */
    static String fit(String subject) {
        StringBuilder ascii = new StringBuilder(subject.length());
        subject.codePoints().forEach(c -> ascii.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return ascii.length() <= MAX_SUBJECT ? ascii.toString() : ascii.substring(0, MAX_SUBJECT - 3) + "...";
    }

    private static String body(StoredReport stored) {
        DrillReport report = stored.report();
        StringBuilder out = new StringBuilder();
        out.append("Restore drill ").append(report.verdictHeadline()).append(": ")
                .append(report.source().name()).append('\n');
        if (report.failureReason() != null) {
            out.append("Why: ").append(report.failureReason()).append('\n');
        }
        out.append('\n');
        out.append("Drill:         ").append(report.drillId()).append(" (engine ").append(report.engine()).append(")\n");
        out.append("Started:       ").append(report.startedAt()).append('\n');
        out.append("Finished:      ").append(report.finishedAt()).append(" (").append(Durations.format(report.totalDuration()))
                .append(")\n");
        out.append("RTO:           ").append(rto(report)).append('\n');
        out.append("RPO:           ").append(rpo(report)).append('\n');
        out.append("Rows verified: ").append(report.verification() == null ? "none (Verify did not run)"
                : String.format(Locale.ROOT, "%,d", report.rowsVerified())).append('\n');
        out.append('\n').append("Phases:\n");
        for (PhaseResult phase : report.phases()) {
            out.append(String.format(Locale.ROOT, "  %-12s %-8s %9s  %s", phase.phase().displayName(), status(phase),
                    phase.duration() == null ? "-" : Durations.format(phase.duration()), budget(phase)).stripTrailing())
                    .append('\n');
            if (phase.status() != PhaseStatus.PASSED && phase.detail() != null) {
                out.append("               ").append(phase.detail()).append('\n');
            }
        }
        out.append('\n');
        out.append("Report:   ").append(stored.uri()).append('\n');
        out.append("SHA-256:  ").append(stored.sha256()).append('\n');
        out.append("Markdown: ").append(stored.markdownUri()).append('\n');
        return out.toString();
    }

    private static String rto(DrillReport report) {
        Duration budget = report.budgets().rto();
        if (report.rto() == null) {
            return "not measured (the drill did not finish Verify); budget " + Durations.format(budget);
        }
        String text = Durations.format(report.rto()) + " of " + Durations.format(budget) + " budget";
        return report.rto().compareTo(budget) > 0
                ? text + ", over by " + Durations.format(report.rto().minus(budget)) : text;
    }

    /** Drill start minus the newest data: a freshness check's finding, else the snapshot's time. */
    private static String rpo(DrillReport report) {
        if (report.rpo() == null) {
            return "not measured";
        }
        Instant newest = report.verification() == null ? null : report.verification().newestData();
        return Durations.format(report.rpo()) + (newest != null ? " (newest data in the restored copy " + newest + ")"
                : report.snapshot() != null && report.snapshot().takenAt() != null
                        ? " (snapshot taken " + report.snapshot().takenAt() + ")" : "");
    }

    private static String status(PhaseResult phase) {
        return switch (phase.status()) {
            case PASSED -> "passed";
            case FAILED -> "FAILED";
            case NOT_RUN -> "not run";
        };
    }

    private static String budget(PhaseResult phase) {
        if (phase.budget() == null) {
            return "";
        }
        return phase.overBudget() ? "over its budget of " + Durations.format(phase.budget())
                : "budget " + Durations.format(phase.budget());
    }
}
