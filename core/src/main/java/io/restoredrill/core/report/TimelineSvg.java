package io.restoredrill.core.report;

import io.restoredrill.core.model.DrillReport;
import io.restoredrill.core.model.Phase;
import io.restoredrill.core.model.PhaseResult;
import io.restoredrill.core.model.PhaseStatus;
import io.restoredrill.core.time.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The drill's phases as an inline SVG Gantt chart on one time axis from drill start to drill end:
 * one bar per phase coloured by status, each phase budget as a hatched extent from the phase's
 * start, the overrun of an over-budget phase striped, and the RTO span against its budget.
 */
final class TimelineSvg {

    static final String PASSED = "#2e7d32";
    static final String FAILED = "#c62828";
    static final String NOT_RUN = "#9e9e9e";
    static final String RTO = "#1565c0";

    private static final double WIDTH = 960;
    private static final double LEFT = 118;
    private static final double RIGHT = 872;
    private static final double TOP = 12;
    private static final double ROW = 32;
    private static final double BAR = 14;
    private static final double BUDGET = 24;
    private static final double MIN_BAR = 3;
    private static final double CHAR_WIDTH = 6.8;
    private static final String INK = "#212121";
    private static final String MUTED = "#616161";

    /** One bar's geometry and words. */
    private record Bar(double x, double width, double mid, String color, String label, boolean over) {
        double end() {
            return x + width;
        }
    }

    String render(DrillReport report) {
        List<PhaseResult> phases = report.phases();
        TimeScale scale = scaleOf(report);
        double chartBottom = TOP + (phases.size() + 1) * ROW;
        double height = chartBottom + 66;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"timeline\" role=\"img\" aria-label=\"")
                .append(Html.escape(ariaLabel(report))).append("\" viewBox=\"0 0 ").append(num(WIDTH)).append(' ')
                .append(num(height)).append("\" width=\"").append(num(WIDTH)).append("\" height=\"").append(num(height))
                .append("\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif\"")
                .append(" font-size=\"12\">\n");
        defs(svg);
        grid(svg, scale, chartBottom);
        rtoBand(svg, report, scale, TOP + phases.size() * ROW);
        double cursor = scale.left();
        for (int i = 0; i < phases.size(); i++) {
            cursor = Math.max(cursor, phaseRow(svg, phases.get(i), TOP + i * ROW + ROW / 2, scale, cursor));
        }
        rtoRow(svg, report, scale, TOP + phases.size() * ROW + ROW / 2);
        axis(svg, scale, chartBottom);
        legend(svg, chartBottom + 54);
        return svg.append("</svg>\n").toString();
    }

    private static TimeScale scaleOf(DrillReport report) {
        List<PhaseResult> phases = report.phases();
        Instant start = Stream.concat(Stream.of(report.startedAt()), phases.stream().map(PhaseResult::start))
                .filter(Objects::nonNull).min(Instant::compareTo).orElse(Instant.EPOCH);
        Instant end = Stream.concat(Stream.of(report.finishedAt()), phases.stream().map(TimelineSvg::endOf))
                .filter(Objects::nonNull).max(Instant::compareTo).orElse(start);
        return new TimeScale(start, end, LEFT, RIGHT);
    }

    private static Instant endOf(PhaseResult phase) {
        if (phase.end() != null || phase.start() == null) {
            return phase.end();
        }
        return phase.duration() == null ? phase.start() : phase.start().plus(phase.duration());
    }

    private static void defs(StringBuilder svg) {
        svg.append("""
                <defs>
                <pattern id="budget-hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">\
                <rect width="6" height="6" fill="#f5f5f5"/><line x1="0" y1="0" x2="0" y2="6" stroke="#bdbdbd" stroke-width="2"/></pattern>
                <pattern id="over-hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(-45)">\
                <line x1="0" y1="0" x2="0" y2="6" stroke="#000000" stroke-opacity="0.55" stroke-width="3"/></pattern>
                </defs>
                """);
    }

    private static void grid(StringBuilder svg, TimeScale scale, double bottom) {
        for (Duration tick : scale.ticks()) {
            double x = scale.x(scale.start().plus(tick));
            svg.append(line(x, TOP, x, bottom, "#e0e0e0", 1, null, "grid"));
            svg.append(text(x, bottom + 16, "middle", MUTED, "tick",
                    tick.isZero() ? "0" : Durations.format(tick), false));
        }
    }

    private static void axis(StringBuilder svg, TimeScale scale, double bottom) {
        svg.append(line(LEFT, bottom, RIGHT, bottom, "#9e9e9e", 1, null, "axis"));
        svg.append(line(RIGHT, bottom - 4, RIGHT, bottom + 4, "#9e9e9e", 1, null, "axis"));
        svg.append(text(LEFT, bottom + 34, "start", MUTED, "axis-caption",
                "Time since the drill started at " + scale.start(), false));
        svg.append(text(RIGHT, bottom + 34, "end", MUTED, "axis-caption",
                "drill finished after " + Durations.format(scale.span()), false));
    }

    private static double phaseRow(StringBuilder svg, PhaseResult phase, double mid, TimeScale scale, double cursor) {
        String name = phase.phase().displayName();
        boolean ran = phase.status() != PhaseStatus.NOT_RUN;
        svg.append(text(LEFT - 10, mid + 4, "end", ran ? INK : MUTED, "phase-name", name, false));

        Instant start = phase.start();
        Instant end = endOf(phase);
        double x = start == null ? cursor : scale.x(start);
        double width = start == null ? MIN_BAR : Math.max(MIN_BAR, scale.x(end) - x);
        String label = start == null ? ReportFacts.phaseStatus(phase.status()) : Durations.format(phase.duration());
        boolean over = start != null && phase.overBudget();
        if (over) {
            label += " · " + ReportFacts.overBudgetText(phase);
        }
        Bar bar = new Bar(x, width, mid, statusColor(phase.status()), label, over);

        if (start != null && phase.budget() != null) {
            budget(svg, scale, x, phase.budget(), mid, name, name + " budget: " + Durations.format(phase.budget()));
        }
        svg.append(String.format(Locale.ROOT,
                "<rect class=\"phase-bar\" data-phase=\"%s\" data-status=\"%s\" x=\"%s\" y=\"%s\" width=\"%s\""
                        + " height=\"%s\" rx=\"2\" fill=\"%s\"><title>%s</title></rect>\n",
                Html.escape(name), phase.status().name().toLowerCase(Locale.ROOT), num(x), num(mid - BAR / 2),
                num(width), num(BAR), bar.color(), Html.escape(tooltip(phase))));
        if (over) {
            overrun(svg, scale.x(start.plus(phase.budget())), bar, name);
        }
        label(svg, bar);
        return start == null ? cursor : bar.end();
    }

    private static void rtoRow(StringBuilder svg, DrillReport report, TimeScale scale, double mid) {
        svg.append(text(LEFT - 10, mid + 4, "end", RTO, "phase-name", "RTO", true));
        Optional<Instant> restoreStart = restoreStart(report);
        if (report.rto() == null || restoreStart.isEmpty()) {
            svg.append(text(LEFT + 4, mid + 4, "start", MUTED, "rto-missing",
                    "RTO not measured: the drill did not finish Verify", false));
            return;
        }
        double x = scale.x(restoreStart.get());
        double width = Math.max(MIN_BAR, scale.width(report.rto()));
        Duration budget = ReportFacts.rtoBudget(report);
        boolean over = ReportFacts.rtoOverBudget(report);
        Bar bar = new Bar(x, width, mid, over ? FAILED : RTO, "RTO " + ReportFacts.rtoText(report), over);
        if (budget != null) {
            budget(svg, scale, x, budget, mid, "RTO", "RTO budget: " + Durations.format(budget));
        }
        svg.append(String.format(Locale.ROOT,
                "<rect class=\"rto-bar\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" rx=\"2\" fill=\"%s\">"
                        + "<title>%s</title></rect>\n",
                num(x), num(mid - BAR / 2), num(width), num(BAR), bar.color(),
                Html.escape("RTO (Restore start to Verify end): " + ReportFacts.rtoText(report))));
        if (over) {
            overrun(svg, scale.x(restoreStart.get().plus(budget)), bar, "RTO");
        }
        label(svg, bar);
    }

    private static void rtoBand(StringBuilder svg, DrillReport report, TimeScale scale, double bottom) {
        Optional<Instant> restoreStart = restoreStart(report);
        if (report.rto() == null || restoreStart.isEmpty()) {
            return;
        }
        double x = scale.x(restoreStart.get());
        double width = Math.max(MIN_BAR, scale.width(report.rto()));
        svg.append(String.format(Locale.ROOT,
                "<rect class=\"rto-band\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"%s\" fill-opacity=\"0.07\"/>\n",
                num(x), num(TOP), num(width), num(bottom + ROW - TOP), RTO));
        svg.append(line(x, TOP, x, bottom + ROW, RTO, 1, "4 3", "rto-edge"));
        svg.append(line(x + width, TOP, x + width, bottom + ROW, RTO, 1, "4 3", "rto-edge"));
    }

    private static Optional<Instant> restoreStart(DrillReport report) {
        return report.phases().stream()
                .filter(p -> p.phase() == Phase.RESTORE && p.start() != null)
                .map(PhaseResult::start)
                .findFirst();
    }

    private static void budget(StringBuilder svg, TimeScale scale, double x, Duration budget, double mid,
                               String name, String title) {
        double width = scale.width(budget);
        boolean clipped = x + width > RIGHT;
        if (clipped) {
            width = Math.max(0, RIGHT - x);
        }
        svg.append(String.format(Locale.ROOT,
                "<rect class=\"budget\" data-phase=\"%s\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\""
                        + " fill=\"url(#budget-hatch)\" stroke=\"%s\" stroke-width=\"1\" stroke-dasharray=\"4 3\">"
                        + "<title>%s</title></rect>\n",
                Html.escape(name), num(x), num(mid - BUDGET / 2), num(width), num(BUDGET), MUTED,
                Html.escape(title + (clipped ? " (continues past the end of the drill)" : ""))));
        if (clipped) {
            svg.append(String.format(Locale.ROOT,
                    "<polygon class=\"budget-continues\" points=\"%s,%s %s,%s %s,%s\" fill=\"%s\"/>\n",
                    num(RIGHT + 1), num(mid - 6), num(RIGHT + 8), num(mid), num(RIGHT + 1), num(mid + 6), MUTED));
        }
    }

    private static void overrun(StringBuilder svg, double budgetEnd, Bar bar, String name) {
        double width = Math.max(0, bar.end() - budgetEnd);
        svg.append(String.format(Locale.ROOT,
                "<rect class=\"over-budget\" data-phase=\"%s\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\""
                        + " fill=\"url(#over-hatch)\"/>\n",
                Html.escape(name), num(budgetEnd), num(bar.mid() - BAR / 2), num(width), num(BAR)));
        svg.append(line(budgetEnd, bar.mid() - BUDGET / 2, budgetEnd, bar.mid() + BUDGET / 2, INK, 2, null,
                "budget-end"));
    }

    /** Right of the bar when it fits, else inside it, else left of it. */
    private static void label(StringBuilder svg, Bar bar) {
        double textWidth = bar.label().length() * CHAR_WIDTH;
        String cls = bar.over() ? "bar-label over-budget-label" : "bar-label";
        String color = bar.over() ? "#b71c1c" : INK;
        double after = bar.end() + 6;
        if (after + textWidth <= WIDTH - 4) {
            svg.append(text(after, bar.mid() + 4, "start", color, cls, bar.label(), bar.over()));
        } else if (bar.width() >= textWidth + 12) {
            svg.append(text(bar.end() - 6, bar.mid() + 4, "end", "#ffffff", cls, bar.label(), bar.over()));
        } else if (bar.x() - 6 - textWidth >= LEFT) {
            svg.append(text(bar.x() - 6, bar.mid() + 4, "end", color, cls, bar.label(), bar.over()));
        } else {
            svg.append(text(after, bar.mid() + 4, "start", color, cls, bar.label(), bar.over()));
        }
    }

    private static void legend(StringBuilder svg, double y) {
        record Key(String fill, String stroke, String label) {
        }
        List<Key> keys = List.of(
                new Key(PASSED, null, "passed"),
                new Key(FAILED, null, "failed"),
                new Key(NOT_RUN, null, "not run"),
                new Key("url(#budget-hatch)", MUTED, "budget"),
                new Key("url(#over-hatch)", FAILED, "over budget"),
                new Key(RTO, null, "RTO: Restore start to Verify end"));
        double x = LEFT;
        svg.append("<g class=\"legend\">\n");
        for (Key key : keys) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%s\" y=\"%s\" width=\"14\" height=\"10\" fill=\"%s\"%s/>\n",
                    num(x), num(y - 9), key.fill(),
                    key.stroke() == null ? "" : " stroke=\"" + key.stroke() + "\" stroke-dasharray=\"3 2\""));
            svg.append(text(x + 19, y, "start", INK, "legend-label", key.label(), false));
            x += 19 + key.label().length() * CHAR_WIDTH + 18;
        }
        svg.append("</g>\n");
    }

    private static String tooltip(PhaseResult phase) {
        List<String> lines = new ArrayList<>();
        lines.add(phase.phase().displayName() + ": " + ReportFacts.phaseStatus(phase.status()));
        if (phase.start() != null) {
            lines.add(Durations.format(phase.duration()) + ", " + phase.start() + " to " + endOf(phase));
        }
        if (phase.budget() != null) {
            lines.add("budget " + Durations.format(phase.budget())
                    + (phase.overBudget() ? ", " + ReportFacts.overBudgetText(phase) : ""));
        }
        if (phase.detail() != null && !phase.detail().isBlank()) {
            lines.add(phase.detail());
        }
        return String.join("\n", lines);
    }

    private static String ariaLabel(DrillReport report) {
        StringBuilder label = new StringBuilder("Timeline of drill ").append(report.drillId()).append(": ")
                .append(report.phases().size()).append(" phases over ")
                .append(Durations.format(report.totalDuration())).append("; RTO ")
                .append(ReportFacts.rtoText(report)).append('.');
        report.phases().stream().filter(PhaseResult::overBudget).forEach(p -> label.append(' ')
                .append(p.phase().displayName()).append(" ran ").append(ReportFacts.overBudgetText(p)).append('.'));
        report.phases().stream().filter(p -> p.status() == PhaseStatus.FAILED).forEach(p -> label.append(' ')
                .append(p.phase().displayName()).append(" failed."));
        return label.toString();
    }

    private static String statusColor(PhaseStatus status) {
        return switch (status) {
            case PASSED -> PASSED;
            case FAILED -> FAILED;
            case NOT_RUN -> NOT_RUN;
        };
    }

    private static String line(double x1, double y1, double x2, double y2, String stroke, double width,
                               String dash, String cls) {
        return String.format(Locale.ROOT,
                "<line class=\"%s\" x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\" stroke-width=\"%s\"%s/>\n",
                cls, num(x1), num(y1), num(x2), num(y2), stroke, num(width),
                dash == null ? "" : " stroke-dasharray=\"" + dash + "\"");
    }

    private static String text(double x, double y, String anchor, String fill, String cls, String content,
                               boolean bold) {
        boolean halo = !"#ffffff".equals(fill);
        return String.format(Locale.ROOT, "<text class=\"%s\" x=\"%s\" y=\"%s\" text-anchor=\"%s\" fill=\"%s\"%s%s>%s</text>\n",
                cls, num(x), num(y), anchor, fill, bold ? " font-weight=\"bold\"" : "",
                halo ? " stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\"" : "",
                Html.escape(content));
    }

    static String num(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
