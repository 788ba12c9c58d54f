package io.restoredrill.aws.evidence;

import io.restoredrill.core.model.DrillReport;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where reports live in the evidence bucket: {@code reports/<source>/<yyyy>/<drillId>.json}, the
 * year being the drill's start in UTC, with the Markdown form next to it as {@code .md}.
 */
public final class ReportKeys {

    private static final Pattern REPORT = Pattern.compile("reports/([^/]+)/(\\d{4})/([^/]+)\\.json");

    private ReportKeys() {
    }

    public static String prefix(String source) {
        return "reports/" + source + "/";
    }

    public static String json(DrillReport report) {
        return prefix(report.source().name()) + report.startedAt().atZone(ZoneOffset.UTC).getYear() + "/"
                + report.drillId() + ".json";
    }

    public static String markdown(String jsonKey) {
        return jsonKey.substring(0, jsonKey.length() - ".json".length()) + ".md";
    }

    /** The drill id of a report key of this source; empty for any other key (Markdown, other sources). */
    public static Optional<String> drillId(String source, String key) {
        Matcher matcher = REPORT.matcher(key);
        return matcher.matches() && matcher.group(1).equals(source) ? Optional.of(matcher.group(3)) : Optional.empty();
    }
}
