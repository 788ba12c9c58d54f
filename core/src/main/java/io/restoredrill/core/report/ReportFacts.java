package io.restoredrill.core.report;

import io.restoredrill.core.model.DrillReport;
import io.restoredrill.core.model.PhaseResult;
import io.restoredrill.core.model.PhaseStatus;
import io.restoredrill.core.model.RestorePoint;
import io.restoredrill.core.model.SnapshotInfo;
import io.restoredrill.core.model.SourceInfo;
import io.restoredrill.core.time.Durations;
import io.restoredrill.core.verify.CheckResult;
import io.restoredrill.core.verify.CheckStatus;
import io.restoredrill.core.verify.VerificationResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The words and numbers both renderers show, so Markdown and HTML always say the same thing. */
final class ReportFacts {

    static final String NONE = "—";

    record Fact(String label, String value) {
    }

    private ReportFacts() {
    }

    static List<Fact> summary(DrillReport report) {
        SourceInfo source = report.source();
        SnapshotInfo snapshot = report.snapshot();
        VerificationResult verification = report.verification();
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("Drill id", report.drillId()));
        facts.add(new Fact("Engine", text(report.engine())));
        facts.add(new Fact("Source", source == null ? NONE : sourceText(source)));
        facts.add(new Fact("Source location", source == null ? NONE : text(source.location())));
        if (verification != null) {
            facts.add(new Fact("Restored server version", text(verification.serverVersion())));
        }
        facts.add(new Fact("Operator", text(report.operator())));
        facts.add(new Fact("Started at", instant(report.startedAt())));
        facts.add(new Fact("Finished at", instant(report.finishedAt())));
        facts.add(new Fact("Snapshot", snapshot == null ? NONE : snapshotText(snapshot)));
        facts.add(new Fact("Snapshot taken at", snapshot == null ? NONE : instant(snapshot.takenAt())));
        facts.add(new Fact("Recovery location", snapshot == null ? NONE : text(snapshot.recoveryLocation())));
        facts.add(new Fact("Encrypted", snapshot == null ? NONE : snapshot.encrypted() ? "yes" : "no"));
        if (snapshot != null && snapshot.manifestSha256() != null) {
            facts.add(new Fact("Manifest SHA-256", snapshot.manifestSha256()));
        }
        if (report.restorePoint() != null) {
            facts.add(new Fact("Restore point", restorePointText(report.restorePoint())));
        }
        facts.add(new Fact("RTO", rtoText(report)));
        facts.add(new Fact("RPO", rpoText(report)));
        facts.add(new Fact("Total duration", Durations.format(report.totalDuration())));
        facts.add(new Fact("Rows verified", verification == null ? "none (verification did not run)"
                : count(report.rowsVerified())));
        return facts;
    }

    static Duration rtoBudget(DrillReport report) {
        return report.budgets() == null ? null : report.budgets().rto();
    }

    static boolean rtoOverBudget(DrillReport report) {
        Duration budget = rtoBudget(report);
        return report.rto() != null && budget != null && report.rto().compareTo(budget) > 0;
    }

    static String rtoText(DrillReport report) {
        Duration rto = report.rto();
        Duration budget = rtoBudget(report);
        if (rto == null) {
            return "not measured (the drill did not finish Verify)"
                    + (budget == null ? "" : "; budget " + Durations.format(budget));
        }
        if (budget == null) {
            return Durations.format(rto);
        }
        if (rtoOverBudget(report)) {
            return Durations.format(rto) + ", over the " + Durations.format(budget) + " budget by "
                    + Durations.format(rto.minus(budget));
        }
        return Durations.format(rto) + " of " + Durations.format(budget) + " budget ("
                + Math.round(100.0 * rto.toMillis() / budget.toMillis()) + "%)";
    }

    static String rpoText(DrillReport report) {
        if (report.rpo() == null) {
            return "not measured";
        }
        VerificationResult verification = report.verification();
        RestorePoint point = report.restorePoint();
        String basis = verification != null && verification.newestData() != null
                ? "newest data " + instant(verification.newestData())
                : point == null || point.kind() == RestorePoint.Kind.SNAPSHOT ? "snapshot time"
                : "restore point " + instant(point.restoredTo());
        if (point != null && point.kind() == RestorePoint.Kind.TARGET_TIME) {
            basis += "; a chosen point in time, so not data loss";
        }
        return Durations.format(report.rpo()) + " (" + basis + ")";
    }

    /** {@code end of the WAL archive: data to 2026-12-06 10:00:00 UTC, LSN 0/7000060 on timeline 2. How: …} */
    static String restorePointText(RestorePoint point) {
        StringBuilder text = new StringBuilder(point.describe());
        if (point.restoredTo() != null) {
            text.append(": data to ").append(instant(point.restoredTo()));
        }
        if (point.lsn() != null) {
            text.append(", LSN ").append(point.lsn());
        }
        if (point.timeline() != null) {
            text.append(" on timeline ").append(point.timeline());
        }
        if (point.obtainedBy() != null) {
            text.append(". ").append(point.obtainedBy());
        }
        return text.toString();
    }

    static String phaseStatus(PhaseStatus status) {
        return switch (status) {
            case PASSED -> "passed";
            case FAILED -> "failed";
            case NOT_RUN -> "not run";
        };
    }

    static String checkStatus(CheckStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    static String overBudgetText(PhaseResult phase) {
        return "over budget by " + Durations.format(phase.duration().minus(phase.budget()));
    }

    /** Checks that fail the drill first, each group in the order the runner reported them. */
    static List<CheckResult> failuresFirst(VerificationResult verification) {
        return verification.checks().stream()
                .sorted(Comparator.comparing((CheckResult c) -> !c.status().failsDrill()))
                .toList();
    }

    static String checkCounts(VerificationResult verification) {
        Map<CheckStatus, Long> byStatus = verification.checks().stream()
                .collect(Collectors.groupingBy(CheckResult::status, Collectors.counting()));
        Function<CheckStatus, String> part = status ->
                byStatus.getOrDefault(status, 0L) + " " + checkStatus(status);
        int total = verification.checks().size();
        return total + (total == 1 ? " check: " : " checks: ")
                + part.apply(CheckStatus.PASSED) + ", " + part.apply(CheckStatus.FAILED) + ", "
                + part.apply(CheckStatus.ERROR) + ", " + part.apply(CheckStatus.SKIPPED);
    }

    static String instant(Instant instant) {
        return instant == null ? NONE : instant.toString();
    }

    static String text(String value) {
        return value == null || value.isBlank() ? NONE : value;
    }

    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    private static String sourceText(SourceInfo source) {
        StringBuilder text = new StringBuilder(text(source.name()));
        List<String> qualifiers = new ArrayList<>();
        if (source.kind() != null) {
            qualifiers.add(source.kind());
        }
        if (source.serverVersion() != null) {
            qualifiers.add("server " + source.serverVersion());
        }
        if (!qualifiers.isEmpty()) {
            text.append(" (").append(String.join(", ", qualifiers)).append(')');
        }
        return text.toString();
    }

    private static String snapshotText(SnapshotInfo snapshot) {
        return text(snapshot.id()) + ", " + bytes(snapshot.sizeBytes()) + " in " + count(snapshot.files())
                + (snapshot.files() == 1 ? " file" : " files");
    }
}
