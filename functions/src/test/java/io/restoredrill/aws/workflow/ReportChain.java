package io.restoredrill.aws.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The reports in the evidence bucket and their chain (docs/report-format.md, "The chain"): each
 * report names the report of its source with the greatest drill id that Publish found, and the
 * SHA-256 of that report's bytes.
 */
final class ReportChain {

    /** One stored report: its key, the SHA-256 of its bytes, and its link ({@code null}s for a first report). */
    record Stored(String key, String source, String drillId, String sha256, String previousKey, String previousSha,
                  JsonNode json) {
    }

    /** When a report's Publish ran ({@link System#nanoTime()}): from its first start to its last end, retries included. */
    record Interval(long start, long end) {
    }

    private ReportChain() {
    }

    /** Every report ({@code reports/…/*.json}) in the bucket, by drill id. */
    static Map<String, Stored> load(S3Client s3, String bucket) {
        Map<String, Stored> reports = new TreeMap<>();
        for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix("reports/")).contents()) {
            if (!object.key().endsWith(".json")) {
                continue;
            }
            byte[] bytes = s3.getObjectAsBytes(r -> r.bucket(bucket).key(object.key())).asByteArray();
            try {
                JsonNode json = Json.mapper().readTree(bytes);
                JsonNode previous = json.get("previousReport");
                boolean first = previous == null || previous.isNull();
                Stored stored = new Stored(object.key(), json.at("/source/name").asText(), json.get("drillId").asText(),
                        sha256(bytes), first ? null : previous.get("key").asText(), first ? null : previous.get("sha256").asText(),
                        json);
                reports.put(stored.drillId(), stored);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return reports;
    }

    /** Links that do not hold: to a missing report, to one of another source, to itself, or with the wrong SHA-256. */
    static List<String> brokenLinks(Collection<Stored> reports) {
        Map<String, Stored> byKey = byKey(reports);
        List<String> broken = new ArrayList<>();
        for (Stored report : reports) {
            if (report.previousKey() == null) {
                continue;
            }
            Stored previous = byKey.get(report.previousKey());
            if (previous == null) {
                broken.add(report.key() + " follows " + report.previousKey() + ", which does not exist");
            } else if (previous == report) {
                broken.add(report.key() + " follows itself");
            } else if (!previous.source().equals(report.source())) {
                broken.add(report.key() + " follows " + previous.key() + " of another source");
            } else if (!previous.sha256().equals(report.previousSha())) {
                broken.add(report.key() + " names SHA-256 " + report.previousSha() + " for " + previous.key() + ", whose bytes hash to "
                        + previous.sha256());
            }
        }
        return broken;
    }

    /**
     * The chain rule, as far as timing lets it be checked for reports published at the same time:
     * a report follows the greatest drill id of its source among the reports already stored when
     * its Publish began (so it follows some report whenever one was), and never a report whose
     * Publish began after its own had ended.
     */
    static List<String> ruleBroken(Collection<Stored> ofOneSource, Map<String, Interval> publishes) {
        Map<String, Stored> byKey = byKey(ofOneSource);
        List<String> broken = new ArrayList<>();
        for (Stored report : ofOneSource) {
            Interval own = publishes.get(report.drillId());
            String storedBefore = ofOneSource.stream()
                    .filter(other -> other != report && publishes.get(other.drillId()).end() < own.start())
                    .map(Stored::drillId).max(String::compareTo).orElse(null);
            Stored previous = report.previousKey() == null ? null : byKey.get(report.previousKey());
            if (storedBefore != null && (previous == null || previous.drillId().compareTo(storedBefore) < 0)) {
                broken.add(report.drillId() + " follows " + (previous == null ? "nothing" : previous.drillId())
                        + " though " + storedBefore + " was stored before its Publish began");
            }
            if (previous != null && publishes.get(previous.drillId()).start() > own.end()) {
                broken.add(report.drillId() + " follows " + previous.drillId() + ", published after it");
            }
        }
        return broken;
    }

    /** Reports that a walk from {@code newest} along the links does not reach. */
    static List<String> offTheChain(Collection<Stored> ofOneSource, Stored newest) {
        Map<String, Stored> byKey = byKey(ofOneSource);
        Set<String> reached = new HashSet<>();
        for (Stored at = newest; at != null && reached.add(at.drillId()); at = at.previousKey() == null ? null : byKey.get(at.previousKey())) {
            // walking back
        }
        return ofOneSource.stream().map(Stored::drillId).filter(id -> !reached.contains(id)).sorted().toList();
    }

    /** Reports that more than one report follows, with those that follow each: where the chain forked. */
    static Map<String, List<String>> forks(Collection<Stored> ofOneSource) {
        Map<String, List<String>> followers = new LinkedHashMap<>();
        for (Stored report : ofOneSource) {
            String previous = report.previousKey() == null ? "(none: a first report)" : report.previousKey();
            followers.computeIfAbsent(previous, k -> new ArrayList<>()).add(report.drillId());
        }
        followers.values().removeIf(list -> list.size() < 2);
        return followers;
    }

    private static Map<String, Stored> byKey(Collection<Stored> reports) {
        Map<String, Stored> byKey = new LinkedHashMap<>();
        reports.forEach(r -> byKey.put(r.key(), r));
        return byKey;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
