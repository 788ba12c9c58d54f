package io.restoredrill.core.report;

import io.restoredrill.core.model.DrillReport;
import io.restoredrill.core.model.PhaseResult;
import io.restoredrill.core.time.Durations;
import io.restoredrill.core.verify.CheckResult;
import io.restoredrill.core.verify.Inventory;
import io.restoredrill.core.verify.TableInventory;
import io.restoredrill.core.verify.VerificationResult;

/** The report as GitHub-flavoured Markdown, for pull requests, tickets and chat. */
public final class MarkdownRenderer {

    public String render(DrillReport report) {
        StringBuilder out = new StringBuilder();
        out.append("# Restore drill ").append(inline(report.drillId())).append(": ")
                .append(report.passed() ? "✅ " : "❌ ").append(report.verdictHeadline()).append("\n\n");
        if (report.failureReason() != null) {
            out.append("**Failure reason:** ").append(inline(report.failureReason())).append("\n\n");
        }
        out.append("## Summary\n\n").append(summary(report)).append('\n');
        out.append("## Phases\n\n").append(phases(report)).append('\n');
        out.append("## Verification\n\n").append(verification(report.verification())).append('\n');
        out.append("## Inventory\n\n").append(inventory(report.verification()));
        return out.toString();
    }

    private static String summary(DrillReport report) {
        MarkdownTable table = MarkdownTable.of("Field", "Value");
        ReportFacts.summary(report).forEach(fact -> table.row(fact.label(), fact.value()));
        return table.render();
    }

    private static String phases(DrillReport report) {
        if (report.phases().isEmpty()) {
            return "_No phase ran._\n";
        }
        MarkdownTable table = MarkdownTable.of("Phase", "Status", "Duration", "Budget", "Detail")
                .rightAligned(2, 3);
        for (PhaseResult phase : report.phases()) {
            String duration = Durations.format(phase.duration());
            if (phase.overBudget()) {
                duration = "**" + duration + "** ⚠️ " + ReportFacts.overBudgetText(phase);
            }
            table.row(phase.phase().displayName(), phaseStatus(phase), duration,
                    Durations.format(phase.budget()), phase.detail());
        }
        return table.render();
    }

    private static String verification(VerificationResult verification) {
        if (verification == null) {
            return "_Verification did not run._\n";
        }
        if (verification.checks().isEmpty()) {
            return "_No checks ran._\n";
        }
        MarkdownTable table = MarkdownTable.of("Check", "Kind", "Status", "Measured", "Expected", "Time", "Detail")
                .rightAligned(5);
        for (CheckResult check : ReportFacts.failuresFirst(verification)) {
            table.row(check.name(), check.kind().jsonName(), checkStatus(check), check.measured(),
                    check.expected(), Durations.format(check.duration()), check.detail());
        }
        return ReportFacts.checkCounts(verification) + ".\n\n" + table.render();
    }

    private static String inventory(VerificationResult verification) {
        Inventory inventory = verification == null ? null : verification.inventory();
        if (inventory == null) {
            return "_No inventory was taken._\n";
        }
        if (inventory.tables().isEmpty()) {
            return "_The restored database has no user tables._\n";
        }
        MarkdownTable table = MarkdownTable.of("Table", "Rows", "Content hash").rightAligned(1);
        for (TableInventory t : inventory.tables()) {
            table.row(t.qualifiedName(), ReportFacts.count(t.rows()),
                    t.contentHash() == null ? null : "`" + t.contentHash() + "`");
        }
        return table.row("**Total**", "**" + ReportFacts.count(inventory.totalRows()) + "**", "").render();
    }

    private static String phaseStatus(PhaseResult phase) {
        String icon = switch (phase.status()) {
            case PASSED -> "✅";
            case FAILED -> "❌";
            case NOT_RUN -> "⏭️";
        };
        return icon + " " + ReportFacts.phaseStatus(phase.status());
    }

    private static String checkStatus(CheckResult check) {
        String icon = switch (check.status()) {
            case PASSED -> "✅";
            case FAILED -> "❌";
            case ERROR -> "⚠️";
            case SKIPPED -> "⏭️";
        };
        return icon + " " + ReportFacts.checkStatus(check.status());
    }

    private static String inline(String text) {
        return text.replaceAll("\\s*[\r\n]+\\s*", " ").replace("<", "&lt;");
    }
}
