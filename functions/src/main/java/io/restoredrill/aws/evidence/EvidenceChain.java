package io.restoredrill.aws.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.core.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Checks one source's evidence chain end to end (docs/report-format.md, "The chain"): every report names the SHA-256
 * of the exact bytes of the report before it; the reports make one line from the source's first report to its last,
 * with no fork, no second start and nothing off the line; every link holds the exact bytes of the report it placed,
 * after the report that report names. Problems are given in chain order, so the first is the first broken link.
 */
public final class EvidenceChain {

    /**
     * @param line     the report keys from the first report on, following the chain (at a fork, the report a link
     *                 placed there, else the earlier drill)
     * @param problems what does not hold, in chain order; empty when the chain is intact
     */
    public record Verification(String source, int reports, List<String> line, List<String> problems) {

        public boolean intact() {
            return problems.isEmpty();
        }
    }

    /**
     * @param key    the object it was read from
     * @param ownKey where its content says it belongs: its source's, its year's and its drill id's key
     */
    private record Report(String key, String ownKey, String drillId, byte[] bytes, String sha256, String previousKey,
                          String previousSha) {
    }

    private record Problem(int position, String message) {
    }

    private EvidenceChain() {
    }

    /** Every report and link of {@code source} in the bucket, by key (Markdown forms and walk starts left out). */
    public static Map<String, byte[]> load(S3Client s3, String bucket, String source) {
        Map<String, byte[]> objects = new TreeMap<>();
        for (String key : ReportIndex.keys(s3, bucket, source)) {
            if (ReportKeys.drillId(source, key).isPresent() || ReportKeys.isLink(source, key)) {
                objects.put(key, s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray());
            }
        }
        return objects;
    }

    public static Verification verify(String source, Map<String, byte[]> objects) {
        Map<String, Report> reports = new TreeMap<>();
        List<Problem> problems = new ArrayList<>();
        objects.forEach((key, bytes) -> {
            if (ReportKeys.drillId(source, key).isPresent()) {
                Report report = parse(source, key, bytes);
                if (report == null) {
                    problems.add(new Problem(Integer.MAX_VALUE, key + " is not a drill report."));
                } else {
                    reports.put(key, report);
                    if (!report.ownKey().equals(key)) {
                        problems.add(new Problem(Integer.MAX_VALUE, key + " holds the report of drill " + report.drillId()
                                + ", which belongs at " + report.ownKey() + ": it was copied there."));
                    }
                }
            }
        });
        Map<String, Report> links = new TreeMap<>();
        objects.forEach((key, bytes) -> {
            if (ReportKeys.isLink(source, key)) {
                links.put(key, parse(source, key, bytes));
            }
        });
        Set<String> linked = new HashSet<>();
        links.values().stream().filter(placed -> placed != null).forEach(placed -> linked.add(placed.ownKey()));
        // At a fork the line goes on with the report a link placed there: the one Publish put in the chain.
        Map<String, List<Report>> followers = new LinkedHashMap<>();
        reports.values().stream()
                .sorted(Comparator.comparing((Report report) -> !linked.contains(report.key())).thenComparing(Report::drillId))
                .forEach(report -> followers.computeIfAbsent(report.previousKey() == null ? "" : report.previousKey(),
                        k -> new ArrayList<>()).add(report));
        List<String> line = line(followers);
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < line.size(); i++) {
            position.put(line.get(i), i);
        }
        Set<String> explained = new HashSet<>();
        for (Report report : reports.values()) {
            int at = position.getOrDefault(report.key(), line.size());
            if (report.previousKey() == null) {
                continue;
            }
            Report previous = reports.get(report.previousKey());
            if (previous == null && linked.contains(report.previousKey())) {
                problems.add(new Problem(at, report.key() + " follows " + report.previousKey() + ", whose link holds it"
                        + " but which is not in the bucket itself: its Publish ended between claiming its place and"
                        + " writing it; the next Publish of this source writes it from the link."));
                explained.add(report.key());
            } else if (previous == null) {
                problems.add(new Problem(at, report.key() + " follows " + report.previousKey() + ", which is not in the"
                        + " bucket: it was removed, or " + report.key() + " was not written by Publish."));
                explained.add(report.key());
            } else if (!previous.sha256().equals(report.previousSha())) {
                problems.add(new Problem(at, report.key() + " names SHA-256 " + report.previousSha() + " for "
                        + previous.key() + ", whose bytes hash to " + previous.sha256() + ": " + previous.key()
                        + " was changed after " + report.key() + " was written."));
            }
        }
        followers.forEach((previousKey, following) -> {
            if (following.size() > 1) {
                List<String> keys = following.stream().map(Report::key).toList();
                int at = previousKey.isEmpty() ? 0 : position.getOrDefault(previousKey, line.size() - 1) + 1;
                problems.add(new Problem(at, previousKey.isEmpty()
                        ? "The chain has " + keys.size() + " first reports: " + String.join(", ", keys) + "."
                        : "The chain forks after " + previousKey + ": " + String.join(", ", keys) + " all follow it."));
            }
        });
        Set<String> reached = reachable(followers, explained);
        for (Report report : reports.values()) {
            if (!reached.contains(report.key()) && !explained.contains(report.key())) {
                problems.add(new Problem(line.size(), report.key() + " is not on the chain from the first report."));
            }
        }
        links.forEach((key, placed) -> checkLink(source, key, placed, objects.get(key), reports, position, line.size(),
                problems));
        if (!linked.isEmpty()) {
            int firstLinked = line.stream().filter(linked::contains).findFirst().map(position::get).orElse(line.size());
            for (Report report : reports.values()) {
                int at = position.getOrDefault(report.key(), line.size());
                if (!linked.contains(report.key()) && at > firstLinked) {
                    problems.add(new Problem(at, report.key() + " has no link in " + ReportKeys.chainPrefix(source)
                            + ": no Publish claimed its place in the chain."));
                }
            }
        }
        problems.sort(Comparator.comparingInt(Problem::position));
        return new Verification(source, reports.size(), line, problems.stream().map(Problem::message).toList());
    }

    /** The reports from the first on, each followed by the first of the reports that name it. */
    private static List<String> line(Map<String, List<Report>> followers) {
        List<String> line = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (List<Report> next = followers.get(""); next != null && seen.add(next.get(0).key());
             next = followers.get(next.get(0).key())) {
            line.add(next.get(0).key());
        }
        return line;
    }

    /** Every report a first report, or a report whose problem is already named, leads to, on any branch. */
    private static Set<String> reachable(Map<String, List<Report>> followers, Set<String> explained) {
        Set<String> reached = new HashSet<>(explained);
        List<String> next = new ArrayList<>(List.of(""));
        next.addAll(explained);
        while (!next.isEmpty()) {
            String at = next.remove(next.size() - 1);
            for (Report follower : followers.getOrDefault(at, List.of())) {
                if (reached.add(follower.key())) {
                    next.add(follower.key());
                }
            }
        }
        return reached;
    }

    private static void checkLink(String source, String link, Report placed, byte[] bytes, Map<String, Report> reports,
                                  Map<String, Integer> position, int end, List<Problem> problems) {
        if (placed == null) {
            problems.add(new Problem(end, link + " does not hold a drill report."));
            return;
        }
        String key = placed.ownKey();
        Report stored = reports.get(key);
        int at = position.getOrDefault(key, end);
        if (stored == null) {
            problems.add(new Problem(at, link + " places drill " + placed.drillId() + ", whose report " + key
                    + " is not in the bucket: its Publish is still running or failed after claiming its place, or the"
                    + " report was removed."));
            return;
        }
        if (!Arrays.equals(stored.bytes(), bytes)) {
            problems.add(new Problem(at, link + " holds other bytes than " + key + ": one of them was changed after"
                    + " Publish wrote both."));
        }
        String after = ReportKeys.linkPredecessor(source, link).orElse(null);
        String follows = placed.previousKey() == null ? null
                : ReportKeys.drillId(source, placed.previousKey()).orElse(placed.previousKey());
        if (after == null ? follows != null : !after.equals(follows)) {
            problems.add(new Problem(at, link + " places " + key + " after " + (after == null ? "nothing" : after)
                    + ", but the report follows " + (follows == null ? "nothing" : follows) + "."));
        }
    }

    /** A report's drill id and link, read from its bytes; {@code null} when they are not a report. */
    private static Report parse(String source, String key, byte[] bytes) {
        try {
            JsonNode json = Json.mapper().readTree(bytes);
            JsonNode drillId = json == null ? null : json.get("drillId");
            JsonNode started = json == null ? null : json.get("startedAt");
            if (drillId == null || !drillId.isTextual() || started == null || !started.isTextual()) {
                return null;
            }
            JsonNode previous = json.get("previousReport");
            boolean first = previous == null || previous.isNull();
            String ownSource = json.at("/source/name").asText(source);
            String ownKey = ReportKeys.prefix(ownSource) + started.asText().substring(0, 4) + "/" + drillId.asText() + ".json";
            return new Report(key, ownKey, drillId.asText(), bytes, Sha256.hex(bytes),
                    first ? null : previous.path("key").asText(null), first ? null : previous.path("sha256").asText(null));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
