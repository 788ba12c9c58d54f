package io.restoredrill.core.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** A GitHub-flavoured Markdown table whose cells cannot break the table or inject HTML. */
final class MarkdownTable {

    private static final Pattern NEWLINE = Pattern.compile("\\s*(?:\r\n|\r|\n)\\s*");

    private final List<String> header;
    private final List<String> alignments;
    private final List<List<String>> rows = new ArrayList<>();

    private MarkdownTable(List<String> header, List<String> alignments) {
        this.header = header;
        this.alignments = alignments;
    }

    static MarkdownTable of(String... header) {
        return new MarkdownTable(List.of(header), Arrays.stream(header).map(h -> "---").toList());
    }

    /** Right-aligns the numbered columns, counting from 0. */
    MarkdownTable rightAligned(int... columns) {
        List<String> aligned = new ArrayList<>(alignments);
        for (int column : columns) {
            aligned.set(column, "---:");
        }
        MarkdownTable table = new MarkdownTable(header, List.copyOf(aligned));
        table.rows.addAll(rows);
        return table;
    }

    MarkdownTable row(String... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("expected " + header.size() + " cells, got " + cells.length);
        }
        rows.add(Arrays.stream(cells).map(MarkdownTable::cell).toList());
        return this;
    }

    String render() {
        StringBuilder out = new StringBuilder();
        line(out, header.stream().map(MarkdownTable::cell).toList());
        line(out, alignments);
        rows.forEach(row -> line(out, row));
        return out.toString();
    }

    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return ReportFacts.NONE;
        }
        String escaped = value.replace("\\", "\\\\")
                .replace("|", "\\|")
                .replace("<", "&lt;");
        return NEWLINE.matcher(escaped.strip()).replaceAll("<br>");
    }

    private static void line(StringBuilder out, List<String> cells) {
        out.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }
}
