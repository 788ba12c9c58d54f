package io.restoredrill.aws.evidence;

import io.restoredrill.core.deployment.EvidencePrefixes;
import io.restoredrill.core.model.DrillReport;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where reports live in the evidence bucket: {@code reports/<source>/<yyyy>/<drillId>.json}, the
 * year being the drill's start in UTC, with the Markdown form next to it as {@code .md}. Beside them,
 * {@code reports/<source>/chain/} holds the links that make a source's reports one line
 * (docs/report-format.md, "The chain").
 */
public final class ReportKeys {

    private static final String CHAIN = "chain/";
    private static final String FIRST = "first";
    private static final Pattern REPORT = Pattern.compile(Pattern.quote(EvidencePrefixes.REPORTS)
            + "([^/]+)/(\\d{4})/([^/]+)\\.json");

    private ReportKeys() {
    }

    public static String prefix(String source) {
        return EvidencePrefixes.REPORTS + source + "/";
    }

    public static String json(DrillReport report) {
        return prefix(report.source().name()) + report.startedAt().atZone(ZoneOffset.UTC).getYear() + "/"
                + report.drillId() + ".json";
    }

    /** Where the source's links live. */
    public static String chainPrefix(String source) {
        return prefix(source) + CHAIN;
    }

    /**
     * The link that places a report right after {@code predecessorDrillId}'s, written only if absent: whoever
     * writes it first is the one report that follows. It holds that report's exact bytes.
     *
     * @param predecessorDrillId {@code null} for the link of a source's first report
     */
    public static String link(String source, String predecessorDrillId) {
        return prefix(source) + CHAIN + (predecessorDrillId == null ? FIRST : predecessorDrillId) + ".json";
    }

    /** The drill id a link key places a report after; empty for the first report's link and for other keys. */
    public static Optional<String> linkPredecessor(String source, String key) {
        String prefix = prefix(source) + CHAIN;
        if (!key.startsWith(prefix) || !key.endsWith(".json") || key.indexOf('/', prefix.length()) >= 0) {
            return Optional.empty();
        }
        String id = key.substring(prefix.length(), key.length() - ".json".length());
        return id.equals(FIRST) ? Optional.empty() : Optional.of(id);
    }

    public static boolean isLink(String source, String key) {
        return key.equals(link(source, null)) || linkPredecessor(source, key).isPresent();
    }

    /**
     * Where a drill's Publish notes, before it claims a link, the report its walk to the end of the chain starts
     * from: a retried Publish starts there again, so it finds its own link wherever later drills have gone on.
     */
    public static String walkStart(String source, String drillId) {
        return prefix(source) + CHAIN + "starts/" + drillId + ".json";
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
