package io.restoredrill.aws.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The reports in the evidence bucket, and how their chain (checked by {@code EvidenceChain}) relates
 * to the times their Publishes ran.
 */
final class ReportChain {

    /** One stored report: its key, the SHA-256 of its bytes, and its link ({@code null}s for a first report). */
    record Stored(String key, String source, String drillId, String sha256, String previousKey, String previousSha,
                  JsonNode json) {
    }

    /** When a report's Publish ran ({@link System#nanoTime()}): from its first start to its last end, retries included. */
    record Interval(long start, long end) {
    }

    /** A report's own key: not its Markdown form, nor the chain's links ({@code reports/<source>/chain/…}). */
    private static final Pattern REPORT_KEY = Pattern.compile("reports/[^/]+/\\d{4}/[^/]+\\.json");

    private ReportChain() {
    }

    /** Every report ({@code reports/…/*.json}) in the bucket, by drill id. */
    static Map<String, Stored> load(S3Client s3, String bucket) {
        Map<String, Stored> reports = new TreeMap<>();
        for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix("reports/")).contents()) {
            if (!REPORT_KEY.matcher(object.key()).matches()) {
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

    /**
     * Pairs of reports whose places in the line contradict when their Publishes ran: a report whose Publish ended
     * before another's began must come before it.
     */
    static List<String> outOfPublishOrder(List<String> line, Collection<Stored> ofOneSource, Map<String, Interval> publishes) {
        Map<String, Stored> byKey = byKey(ofOneSource);
        List<String> broken = new ArrayList<>();
        for (int i = 0; i < line.size(); i++) {
            for (int j = i + 1; j < line.size(); j++) {
                Stored earlier = byKey.get(line.get(i));
                Stored later = byKey.get(line.get(j));
                if (publishes.get(later.drillId()).end() < publishes.get(earlier.drillId()).start()) {
                    broken.add(later.drillId() + " comes after " + earlier.drillId() + " in the chain, though its Publish"
                            + " ended before that one's began");
                }
            }
        }
        return broken;
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
