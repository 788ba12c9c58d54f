package io.restoredrill.local.log;

import io.restoredrill.core.time.Durations;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** Renders {@code drill-log.md}, a table for people generated from {@code drill-log.jsonl}. */
public final class DrillLogMarkdown {

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private DrillLogMarkdown() {
    }

    public static String render(List<DrillLogEntry> entries) {
        StringBuilder md = new StringBuilder()
                .append("# Drill log\n\n")
                .append("Generated from `").append(DrillLog.LOG_FILE).append("` after every drill; do not edit it.\n")
                .append("`").append(DrillLog.LOG_FILE).append("` is the source of truth: check it with `drill log verify`.\n\n")
                .append("| # | Date | Operator | Drill id | Source | Backup date | Duration | Row counts | Result |\n")
                .append("|--:|------|----------|----------|--------|-------------|---------:|-----------:|--------|\n");
        for (DrillLogEntry e : entries) {
            md.append("| ").append(e.seq())
                    .append(" | ").append(date(e.date()))
                    .append(" | ").append(cell(e.operator()))
                    .append(" | ").append(cell(e.drillId()))
                    .append(" | ").append(cell(e.source()))
                    .append(" | ").append(date(e.backupDate()))
                    .append(e.restorePoint() == null ? "" : "<br>restored to " + cell(e.restorePoint()))
                    .append(" | ").append(Durations.format(e.duration()))
                    .append(" | ").append(String.format(Locale.ROOT, "%,d tables, %,d rows", e.tables(), e.rows()))
                    .append(" | ").append(result(e))
                    .append(" |\n");
        }
        if (entries.isEmpty()) {
            md.append("\nNo drills recorded yet.\n");
        }
        return md.toString();
    }

    private static String result(DrillLogEntry e) {
        String verdict = String.valueOf(e.result());
        return e.failureReason() == null || e.failureReason().isBlank()
                ? verdict : verdict + ": " + cell(e.failureReason());
    }

    private static String date(Instant instant) {
        return instant == null ? "—" : DATE.format(instant);
    }

    private static String cell(String text) {
        return text == null || text.isBlank() ? "—" : text.replace("\\", "\\\\").replace("|", "\\|")
                .replaceAll("\\s*\\R\\s*", " ");
    }
}
