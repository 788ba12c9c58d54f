package io.restoredrill.aws.publish;

import io.restoredrill.aws.clients.AwsFailures;
import io.restoredrill.aws.evidence.ReportIndex;
import io.restoredrill.aws.evidence.ReportKeys;
import io.restoredrill.aws.evidence.Sha256;
import io.restoredrill.aws.state.VerificationRef;
import io.restoredrill.core.error.DrillException;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.error.PublishFailedException;
import io.restoredrill.core.json.Json;
import io.restoredrill.core.model.DrillReport;
import io.restoredrill.core.report.MarkdownRenderer;
import io.restoredrill.core.report.ReportJson;
import io.restoredrill.core.verify.VerificationResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The evidence bucket: reads what Verify stored and writes each report once, chained to the one
 * before it. Writes are conditional ({@code If-None-Match: *}) so a retried Publish never replaces
 * a report or adds a second link: it finds the first attempt's report and goes on with that one; and
 * concurrent Publishes of one source each claim their own place in one line of reports.
 * Throttling and AWS-side faults stay retryable; any other failure to write is a
 * {@link PublishFailedException} naming the bucket.
 */
final class EvidenceStore {

    private static final int PRECONDITION_FAILED = 412;
    private static final int CONFLICT = 409;
    private static final int CONFLICT_ATTEMPTS = 5;
    /** More drills of one source than this publishing at once is not a schedule, it is a fault. */
    private static final int MAX_WALK = 1000;

    private final S3Client s3;
    private final String bucket;
    private final String region;

    EvidenceStore(S3Client s3, String bucket, String region) {
        this.s3 = s3;
        this.bucket = bucket;
        this.region = region;
    }

    /** Core's verification result as Verify stored it. */
    VerificationResult readVerification(VerificationRef ref) {
        String uri = "s3://" + ref.bucket() + "/" + ref.key();
        byte[] bytes;
        try {
            // The version Verify wrote: a later write to the key (the bucket policy allows none) is never read.
            bytes = s3.getObjectAsBytes(r -> r.bucket(ref.bucket()).key(ref.key()).versionId(ref.versionId())).asByteArray();
        } catch (S3Exception e) {
            throw failed("read Verify's result " + uri, ref.bucket(), e);
        }
        if (ref.sha256() == null || !ref.sha256().equals(Sha256.hex(bytes))) {
            throw new PublishFailedException("Verify's result " + uri + (ref.versionId() == null ? "" : " (version "
                    + ref.versionId() + ")") + " is not the one Verify wrote: its SHA-256 differs from the one Verify recorded"
                    + "; it was changed after Verify wrote it, and the drill cannot be reported as verified.");
        }
        try {
            return Json.mapper().readValue(bytes, VerificationResult.class);
        } catch (IOException e) {
            throw new PublishFailedException("Verify's result " + uri + " is not a verification result ("
                    + e.getMessage().lines().findFirst().orElse("unreadable") + "); it was changed after Verify wrote it.", e);
        }
    }

    /**
     * Stores the report at the end of its source's chain, or finds the one a previous attempt stored. The place is
     * claimed before the report is written: the report's bytes go first to the link after the chain's last report,
     * written only if absent. A Publish that loses that race to another drill's follows the winner's link and
     * claims the one after it, so concurrent drills of a source make a line, never a tree.
     */
    StoredReport store(DrillReport report) {
        String source = report.source().name();
        String key = ReportKeys.json(report);
        Map<String, Instant> listed;
        try {
            listed = ReportIndex.lastModified(s3, bucket, source);
        } catch (S3Exception e) {
            throw failed("list the earlier reports of " + source, bucket, e);
        }
        StoredReport stored = listed.containsKey(key) ? existing(key) : claimPlace(report, key, walkStart(report, listed));
        putIfAbsent(stored.markdownKey(), markdown(stored).getBytes(StandardCharsets.UTF_8), "text/markdown; charset=utf-8");
        return stored;
    }

    /** A report of the chain: its drill id, key and exact bytes. */
    private record Chained(String drillId, String key, byte[] bytes) {
    }

    /**
     * Where this drill's walk to the end of the chain starts, noted once: the report written last when it first
     * looked (the chain's end then, or close to it; drill ids may be chosen, so their order is not the chain's).
     */
    private record WalkStart(String after) {
    }

    private Chained walkStart(DrillReport report, Map<String, Instant> listed) {
        String source = report.source().name();
        String startKey = ReportKeys.walkStart(source, report.drillId());
        WalkStart start;
        if (listed.containsKey(startKey)) {
            start = readJson(startKey, WalkStart.class);
        } else {
            start = new WalkStart(listed.entrySet().stream()
                    .filter(e -> ReportKeys.drillId(source, e.getKey()).filter(id -> !id.equals(report.drillId())).isPresent())
                    .max(Map.Entry.<String, Instant>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                    .map(Map.Entry::getKey).orElse(null));
            if (!putIfAbsent(startKey, write(start).getBytes(StandardCharsets.UTF_8), "application/json")) {
                start = readJson(startKey, WalkStart.class);
            }
        }
        String after = start.after();
        if (after == null) {
            return null;
        }
        String drillId = ReportKeys.drillId(source, after).orElseThrow(() -> new PublishFailedException(
                "s3://" + bucket + "/" + startKey + " names " + after + ", which is not a report of " + source
                        + "; it was changed after Publish wrote it."));
        return new Chained(drillId, after, read(after));
    }

    /**
     * Walks the links from {@code from} to the end of the chain and claims the link after the last report; on the
     * way, a link that already holds this drill's report is the place a previous attempt claimed.
     */
    private StoredReport claimPlace(DrillReport report, String key, Chained from) {
        String source = report.source().name();
        Chained at = from;
        for (int step = 0; step < MAX_WALK; step++) {
            PreviousReport previous = at == null ? null : new PreviousReport(at.key(), Sha256.hex(at.bytes()));
            byte[] bytes = (write(new ChainedReport(report, previous)) + "\n").getBytes(StandardCharsets.UTF_8);
            String link = ReportKeys.link(source, at == null ? null : at.drillId());
            if (putIfAbsent(link, bytes, "application/json")) {
                return storeClaimed(key, bytes, report, previous, false);
            }
            byte[] claimed = read(link);
            DrillReport follower = parse(link, claimed);
            if (follower.drillId().equals(report.drillId())) {
                return storeClaimed(key, claimed, follower, chainLink(link, claimed), true);
            }
            // A Publish that died between its claim and its report leaves only the link: write the report it holds,
            // so the report this drill follows exists (a no-op, refused as present, when that Publish finished).
            putIfAbsent(ReportKeys.json(follower), claimed, "application/json");
            at = new Chained(follower.drillId(), ReportKeys.json(follower), claimed);
        }
        throw new PublishFailedException("The chain of " + source + " in s3://" + bucket + "/" + ReportKeys.prefix(source)
                + " did not end within " + MAX_WALK + " links of " + (from == null ? "its start" : from.key())
                + "; check it with 'drill report verify --source " + source + "'.");
    }

    /** Writes the report whose place is claimed under its own key (a previous attempt may have done so already). */
    private StoredReport storeClaimed(String key, byte[] bytes, DrillReport report, PreviousReport previous,
                                      boolean alreadyStored) {
        if (!putIfAbsent(key, bytes, "application/json")) {
            return existing(key);
        }
        return new StoredReport(bucket, key, ReportKeys.markdown(key), report, Sha256.hex(bytes), previous, alreadyStored);
    }

    private DrillReport parse(String key, byte[] bytes) {
        try {
            return ReportJson.read(new String(bytes, StandardCharsets.UTF_8));
        } catch (InvalidInputException e) {
            throw new PublishFailedException("s3://" + bucket + "/" + key + " is not a drill report (" + e.getMessage()
                    + "); links are written only by Publish, so find out who wrote it.", e);
        }
    }

    private PreviousReport chainLink(String key, byte[] bytes) {
        try {
            return Json.mapper().readValue(bytes, ChainLink.class).previousReport();
        } catch (IOException e) {
            throw new PublishFailedException("s3://" + bucket + "/" + key + " has no readable previousReport ("
                    + e.getMessage() + ").", e);
        }
    }

    private <T> T readJson(String key, Class<T> type) {
        try {
            return Json.mapper().readValue(read(key), type);
        } catch (IOException e) {
            throw new PublishFailedException("s3://" + bucket + "/" + key + " is unreadable (" + e.getMessage()
                    + "); it was changed after Publish wrote it.", e);
        }
    }

    private StoredReport existing(String key) {
        byte[] bytes = read(key);
        String json = new String(bytes, StandardCharsets.UTF_8);
        try {
            DrillReport report = ReportJson.read(json);
            PreviousReport previous = Json.mapper().readValue(json, ChainLink.class).previousReport();
            return new StoredReport(bucket, key, ReportKeys.markdown(key), report, Sha256.hex(bytes), previous, true);
        } catch (InvalidInputException | IOException e) {
            throw new PublishFailedException("s3://" + bucket + "/" + key + " already exists but is not a drill report ("
                    + e.getMessage() + "); reports are evidence and are never overwritten, so find out who wrote it.", e);
        }
    }

    /** Only the chain field of a stored report. */
    private record ChainLink(PreviousReport previousReport) {
    }

    private byte[] read(String key) {
        try {
            return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
        } catch (S3Exception e) {
            throw failed("read s3://" + bucket + "/" + key, bucket, e);
        }
    }

    /**
     * @return false when the key already exists. Two conditional writes of one key at the same moment may get 409
     *         ConditionalRequestConflict, which S3 asks to retry: the retry learns which one won.
     */
    private boolean putIfAbsent(String key, byte[] bytes, String contentType) {
        for (int attempt = 1; ; attempt++) {
            try {
                s3.putObject(r -> r.bucket(bucket).key(key).contentType(contentType)
                        .checksumAlgorithm(ChecksumAlgorithm.SHA256).ifNoneMatch("*"), RequestBody.fromBytes(bytes));
                return true;
            } catch (S3Exception e) {
                if (e.statusCode() == PRECONDITION_FAILED) {
                    return false;
                }
                if (e.statusCode() != CONFLICT || attempt == CONFLICT_ATTEMPTS) {
                    throw failed("write s3://" + bucket + "/" + key, bucket, e);
                }
                pause(attempt);
            }
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(100L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException("Publish was interrupted while writing to the evidence bucket.", e);
        }
    }

    private static String markdown(StoredReport stored) {
        PreviousReport previous = stored.previous();
        return new MarkdownRenderer().render(stored.report())
                + "\n## Evidence\n\n"
                + "This report is `" + stored.uri() + "`; the SHA-256 of its bytes is `" + stored.sha256() + "`.\n\n"
                + (previous == null
                        ? "It is the first report of " + stored.report().source().name() + " in this bucket.\n"
                        : "It follows `" + previous.key() + "`, whose SHA-256 was `" + previous.sha256() + "`.\n");
    }

    private RuntimeException failed(String what, String inBucket, S3Exception e) {
        RuntimeException translated = AwsFailures.translate(e);
        if (translated instanceof DrillException drill && drill.retryable()) {
            return translated;
        }
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        if ("NoSuchBucket".equals(code)) {
            return new PublishFailedException("The evidence bucket '" + inBucket + "' does not exist in " + region
                    + ", so Publish cannot " + what + "; deploy the evidence stack or fix EVIDENCE_BUCKET.", e);
        }
        String message = e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null
                ? e.getMessage() : e.awsErrorDetails().errorMessage();
        return new PublishFailedException("Publish cannot " + what + ": " + message + " (" + code + "); check the bucket '"
                + inBucket + "' and the Publish function's permissions.", e);
    }

    private static String write(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(value.getClass().getSimpleName() + " cannot be written as JSON.", e);
        }
    }

}
