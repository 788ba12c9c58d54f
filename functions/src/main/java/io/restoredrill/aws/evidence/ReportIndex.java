package io.restoredrill.aws.evidence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The reports of one source in the evidence bucket, newest first. Drill ids sort by time
 * ({@code 20261122-040000-3fa9c2}), so the order does not depend on S3's listing or on the year folders.
 */
public final class ReportIndex {

    private ReportIndex() {
    }

    /**
     * @param exceptDrillId left out (the drill asking), or {@code null}
     * @return the report keys of {@code source}, newest drill first
     * @throws software.amazon.awssdk.services.s3.model.S3Exception when the bucket cannot be listed
     */
    public static List<String> newestFirst(S3Client s3, String bucket, String source, String exceptDrillId) {
        return newestFirst(keys(s3, bucket, source), source, exceptDrillId);
    }

    /**
     * Every key under the source's prefix: its reports, their Markdown forms, the chain's links.
     *
     * @throws software.amazon.awssdk.services.s3.model.S3Exception when the bucket cannot be listed
     */
    public static Set<String> keys(S3Client s3, String bucket, String source) {
        return new TreeSet<>(lastModified(s3, bucket, source).keySet());
    }

    /**
     * Every key under the source's prefix with when it was written.
     *
     * @throws software.amazon.awssdk.services.s3.model.S3Exception when the bucket cannot be listed
     */
    public static Map<String, Instant> lastModified(S3Client s3, String bucket, String source) {
        Map<String, Instant> keys = new TreeMap<>();
        for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(ReportKeys.prefix(source))).contents()) {
            keys.put(object.key(), object.lastModified());
        }
        return keys;
    }

    /** The report keys of {@code source} among {@code keys}, newest drill first, without {@code exceptDrillId}'s. */
    public static List<String> newestFirst(Collection<String> keys, String source, String exceptDrillId) {
        Map<String, String> keysById = new TreeMap<>(Comparator.reverseOrder());
        for (String key : keys) {
            ReportKeys.drillId(source, key)
                    .filter(id -> !id.equals(exceptDrillId))
                    .ifPresent(id -> keysById.put(id, key));
        }
        return new ArrayList<>(keysById.values());
    }
}
