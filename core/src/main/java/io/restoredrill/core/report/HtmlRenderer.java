package io.restoredrill.core.report;

import io.restoredrill.core.model.DrillReport;
import io.restoredrill.core.model.PhaseResult;
import io.restoredrill.core.time.Durations;
import io.restoredrill.core.verify.CheckResult;
import io.restoredrill.core.verify.CheckStatus;
import io.restoredrill.core.verify.Inventory;
import io.restoredrill.core.verify.TableInventory;
import io.restoredrill.core.verify.VerificationResult;
import java.util.Locale;

/**
 * The report as one self-contained HTML page: inline style, inline SVG timeline, no scripts and no
 * external assets, so it reads the same opened from disk, attached to a ticket or printed. The
 * markup is also well-formed XML.
 */
public final class HtmlRenderer {

    private static final String STYLE = """
            :root { color-scheme: light; --ink: #212121; --muted: #616161; --line: #e0e0e0;
              --passed: #2e7d32; --failed: #c62828; --error: #e65100; --skipped: #757575; --rto: #1565c0; }
            * { box-sizing: border-box; }
            body { margin: 0 auto; max-width: 1100px; padding: 24px 28px 40px; color: var(--ink); background: #fff;
              font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
            header { border-left: 8px solid var(--passed); padding: 4px 0 4px 16px; margin-bottom: 20px; }
            header.failed { border-left-color: var(--failed); }
            .eyebrow { margin: 0; color: var(--muted); text-transform: uppercase; letter-spacing: .06em; font-size: 12px; }
            h1 { margin: 4px 0; font-size: 24px; line-height: 1.25; overflow-wrap: anywhere; }
            h2 { font-size: 18px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
            .verdict { display: inline-block; padding: 1px 10px; border-radius: 4px; color: #fff; font-size: 20px;
              vertical-align: 2px; margin-right: 6px; }
            .verdict.passed { background: var(--passed); }
            .verdict.failed { background: var(--failed); }
            .reason { margin: 6px 0 0; font-size: 15px; color: var(--failed); font-weight: 600; overflow-wrap: anywhere; }
            .tiles { display: flex; flex-wrap: wrap; gap: 10px; margin: 0 0 16px; padding: 0; list-style: none; }
            .tiles li { flex: 1 1 150px; border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
            .tiles .label { display: block; color: var(--muted); font-size: 12px; }
            .tiles .value { display: block; font-size: 18px; font-weight: 600; }
            .tiles .over .value { color: var(--failed); }
            table { border-collapse: collapse; width: 100%; margin: 0 0 8px; }
            th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid var(--line);
              overflow-wrap: break-word; }
            thead th { background: #f5f5f5; border-bottom: 2px solid #bdbdbd; font-size: 13px; }
            dl.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr) max-content minmax(0, 1fr);
              gap: 0 16px; margin: 0; }
            dl.facts dt, dl.facts dd { margin: 0; padding: 5px 0; border-bottom: 1px solid var(--line); }
            dl.facts dt { color: var(--muted); }
            dl.facts dd { overflow-wrap: anywhere; }
            @media (max-width: 760px) { dl.facts { grid-template-columns: max-content minmax(0, 1fr); } }
            td.nowrap { white-space: nowrap; }
            td.check { min-width: 12em; }
            td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
            code, .mono { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
            .status { display: inline-block; min-width: 64px; padding: 0 6px; border-radius: 3px; color: #fff;
              font-size: 12px; font-weight: 600; text-align: center; text-transform: uppercase; }
            .status.passed { background: var(--passed); }
            .status.failed { background: var(--failed); }
            .status.error { background: var(--error); }
            .status.skipped, .status.not-run { background: var(--skipped); }
            tr.fails td { background: #fff5f5; }
            .over-budget { color: var(--failed); font-weight: 600; }
            .note { color: var(--muted); font-style: italic; }
            figure { margin: 0; }
            figcaption { color: var(--muted); font-size: 12px; margin-top: 4px; }
            #timeline { display: block; width: 100%; height: auto; max-width: 960px; }
            footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
            * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
            @page { margin: 14mm 12mm; }
            @media print {
              body { max-width: none; padding: 0; font-size: 11px; }
              h2 { break-after: avoid; }
              figure, tr, .tiles li { break-inside: avoid; }
              thead { display: table-header-group; }
            }
            """;

    private final TimelineSvg timeline = new TimelineSvg();

    public String render(DrillReport report) {
        String verdict = report.verdictHeadline();
        String state = report.passed() ? "passed" : "failed";
        StringBuilder html = new StringBuilder(32_768);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
                .append("<title>Restore drill ").append(Html.escape(report.drillId())).append(": ").append(verdict)
                .append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        html.append("<header class=\"").append(state).append("\">\n<p class=\"eyebrow\">Restore drill evidence</p>\n")
                .append("<h1><span class=\"verdict ").append(state).append("\">")
                .append(report.passed() ? "✓ " : "✗ ").append(verdict).append("</span> Restore drill ")
                .append(Html.escape(report.drillId())).append("</h1>\n");
        if (report.failureReason() != null) {
            html.append("<p class=\"reason\">").append(Html.escape(report.failureReason())).append("</p>\n");
        }
        html.append("</header>\n<main>\n");
        tiles(html, report);
        summary(html, report);
        html.append("<section id=\"timeline-section\">\n<h2>Timeline</h2>\n<figure>\n")
                .append(timeline.render(report))
                .append("<figcaption>Bars run from each phase's start to its end on one time axis; a hatched")
                .append(" box is the phase's budget from its start; stripes mark time over budget. The shaded band")
                .append(" is the RTO span, from Restore start to Verify end.</figcaption>\n</figure>\n</section>\n");
        phases(html, report);
        verification(html, report.verification());
        inventory(html, report.verification());
        html.append("</main>\n<footer>Restore Drill report, schema version ").append(report.schemaVersion())
                .append(". The JSON report is the evidence; this page is rendered from it.</footer>\n")
                .append("</body>\n</html>\n");
        return html.toString();
    }

    private static void tiles(StringBuilder html, DrillReport report) {
        html.append("<ul class=\"tiles\">\n");
        tile(html, "RTO", Durations.format(report.rto()), budgetNote(report), ReportFacts.rtoOverBudget(report));
        tile(html, "RPO", Durations.format(report.rpo()), null, false);
        tile(html, "Total duration", Durations.format(report.totalDuration()), null, false);
        tile(html, "Rows verified", report.verification() == null ? ReportFacts.NONE
                : ReportFacts.count(report.rowsVerified()), null, false);
        checksTile(html, report.verification());
        html.append("</ul>\n");
    }

    private static void checksTile(StringBuilder html, VerificationResult verification) {
        if (verification == null) {
            tile(html, "Checks", ReportFacts.NONE, null, false);
            return;
        }
        long passed = verification.checks().stream().filter(c -> c.status() == CheckStatus.PASSED).count();
        long skipped = verification.checks().stream().filter(c -> c.status() == CheckStatus.SKIPPED).count();
        tile(html, "Checks passed", passed + " / " + verification.checks().size(),
                skipped == 0 ? null : skipped + " skipped", !verification.passed());
    }

    private static String budgetNote(DrillReport report) {
        return ReportFacts.rtoBudget(report) == null ? null : "budget " + Durations.format(ReportFacts.rtoBudget(report));
    }

    private static void tile(StringBuilder html, String label, String value, String note, boolean bad) {
        html.append("<li").append(bad ? " class=\"over\"" : "").append("><span class=\"label\">")
                .append(Html.escape(label)).append(note == null ? "" : " (" + Html.escape(note) + ")")
                .append("</span><span class=\"value\">").append(Html.escape(value)).append("</span></li>\n");
    }

    private static void summary(StringBuilder html, DrillReport report) {
        html.append("<section id=\"summary\">\n<h2>Summary</h2>\n<dl class=\"facts\">\n");
        for (ReportFacts.Fact fact : ReportFacts.summary(report)) {
            boolean over = fact.label().equals("RTO") && ReportFacts.rtoOverBudget(report);
            html.append("<dt>").append(Html.escape(fact.label())).append("</dt><dd")
                    .append(over ? " class=\"over-budget\"" : "").append('>')
                    .append(Html.text(fact.value())).append("</dd>\n");
        }
        html.append("</dl>\n</section>\n");
    }

    private static void phases(StringBuilder html, DrillReport report) {
        html.append("<section id=\"phases\">\n<h2>Phases</h2>\n");
        if (report.phases().isEmpty()) {
            html.append("<p class=\"note\">No phase ran.</p>\n</section>\n");
            return;
        }
        html.append("<table>\n<thead><tr><th scope=\"col\">Phase</th><th scope=\"col\">Status</th>")
                .append("<th scope=\"col\">Duration</th><th scope=\"col\">Budget</th><th scope=\"col\">Detail</th>")
                .append("</tr></thead>\n<tbody>\n");
        for (PhaseResult phase : report.phases()) {
            html.append("<tr data-phase=\"").append(Html.escape(phase.phase().displayName())).append("\"><td>")
                    .append(Html.escape(phase.phase().displayName())).append("</td><td>")
                    .append(badge(phase.status().name(), ReportFacts.phaseStatus(phase.status()))).append("</td>");
            if (phase.overBudget()) {
                html.append("<td class=\"num over-budget\">").append(Html.escape(Durations.format(phase.duration())))
                        .append("<br/>⚠ ").append(Html.escape(ReportFacts.overBudgetText(phase))).append("</td>");
            } else {
                html.append("<td class=\"num\">").append(Html.escape(Durations.format(phase.duration()))).append("</td>");
            }
            html.append("<td class=\"num\">").append(Html.escape(Durations.format(phase.budget()))).append("</td><td>")
                    .append(Html.text(phase.detail())).append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n</section>\n");
    }

    private static void verification(StringBuilder html, VerificationResult verification) {
        html.append("<section id=\"verification\">\n<h2>Verification</h2>\n");
        if (verification == null) {
            html.append("<p class=\"note\">Verification did not run.</p>\n</section>\n");
            return;
        }
        if (verification.checks().isEmpty()) {
            html.append("<p class=\"note\">No checks ran.</p>\n</section>\n");
            return;
        }
        html.append("<p>").append(Html.escape(ReportFacts.checkCounts(verification))).append(". Failures are listed first.</p>\n")
                .append("<table>\n<thead><tr><th scope=\"col\">Check</th><th scope=\"col\">Kind</th>")
                .append("<th scope=\"col\">Status</th><th scope=\"col\">Measured</th><th scope=\"col\">Expected</th>")
                .append("<th scope=\"col\">Time</th><th scope=\"col\">Detail</th></tr></thead>\n<tbody>\n");
        for (CheckResult check : ReportFacts.failuresFirst(verification)) {
            html.append("<tr").append(check.status().failsDrill() ? " class=\"fails\"" : "").append("><td class=\"check\">")
                    .append(Html.escape(check.name())).append("</td><td class=\"nowrap\">")
                    .append(Html.escape(check.kind().jsonName())).append("</td><td>").append(badge(check.status().name(), ReportFacts.checkStatus(check.status())))
                    .append("</td><td class=\"mono\">").append(Html.text(check.measured()))
                    .append("</td><td class=\"mono\">").append(Html.text(check.expected()))
                    .append("</td><td class=\"num\">").append(Html.escape(Durations.format(check.duration())))
                    .append("</td><td>").append(Html.text(check.detail())).append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n</section>\n");
    }

    private static void inventory(StringBuilder html, VerificationResult verification) {
        html.append("<section id=\"inventory\">\n<h2>Inventory</h2>\n");
        Inventory inventory = verification == null ? null : verification.inventory();
        if (inventory == null || inventory.tables().isEmpty()) {
            html.append("<p class=\"note\">").append(inventory == null ? "No inventory was taken."
                    : "The restored database has no user tables.").append("</p>\n</section>\n");
            return;
        }
        html.append("<table>\n<thead><tr><th scope=\"col\">Table</th><th scope=\"col\">Rows</th>")
                .append("<th scope=\"col\">Content hash</th></tr></thead>\n<tbody>\n");
        for (TableInventory table : inventory.tables()) {
            html.append("<tr><td>").append(Html.escape(table.qualifiedName())).append("</td><td class=\"num\">")
                    .append(ReportFacts.count(table.rows())).append("</td><td><code>")
                    .append(Html.text(table.contentHash())).append("</code></td></tr>\n");
        }
        html.append("<tr><th scope=\"row\">Total</th><td class=\"num\"><strong>")
                .append(ReportFacts.count(inventory.totalRows())).append("</strong></td><td></td></tr>\n")
                .append("</tbody>\n</table>\n</section>\n");
    }

    private static String badge(String status, String words) {
        return "<span class=\"status " + status.toLowerCase(Locale.ROOT).replace('_', '-') + "\">"
                + Html.escape(words) + "</span>";
    }
}
