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
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The evidence bucket: reads what Verify stored and writes each report once, chained to the one
 * before it. Writes are conditional ({@code If-None-Match: *}) so a retried Publish never replaces
 * a report or adds a second link: it finds the first attempt's report and goes on with that one.
 * Throttling and AWS-side faults stay retryable; any other failure to write is a
 * {@link PublishFailedException} naming the bucket.
 */
final class EvidenceStore {

    private static final int PRECONDITION_FAILED = 412;

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

    /** Stores the report chained to the source's newest earlier report, or finds the one a previous attempt stored. */
    StoredReport store(DrillReport report) {
        String key = ReportKeys.json(report);
        PreviousReport previous = previous(report.source().name(), report.drillId()).orElse(null);
        byte[] bytes = (write(new ChainedReport(report, previous)) + "\n").getBytes(StandardCharsets.UTF_8);
        StoredReport stored = putIfAbsent(key, bytes, "application/json")
                ? new StoredReport(bucket, key, ReportKeys.markdown(key), report, Sha256.hex(bytes), previous, false)
                : existing(key);
        putIfAbsent(stored.markdownKey(), markdown(stored).getBytes(StandardCharsets.UTF_8), "text/markdown; charset=utf-8");
        return stored;
    }

    private Optional<PreviousReport> previous(String source, String drillId) {
        List<String> earlier;
        try {
            earlier = ReportIndex.newestFirst(s3, bucket, source, drillId);
        } catch (S3Exception e) {
            throw failed("list the earlier reports of " + source, bucket, e);
        }
        return earlier.stream().findFirst().map(key -> new PreviousReport(key, Sha256.hex(read(key))));
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

    /** @return false when the key already exists */
    private boolean putIfAbsent(String key, byte[] bytes, String contentType) {
        try {
            s3.putObject(r -> r.bucket(bucket).key(key).contentType(contentType)
                    .checksumAlgorithm(ChecksumAlgorithm.SHA256).ifNoneMatch("*"), RequestBody.fromBytes(bytes));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == PRECONDITION_FAILED) {
                return false;
            }
            throw failed("write s3://" + bucket + "/" + key, bucket, e);
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

    private static String write(ChainedReport chained) {
        try {
            return Json.mapper().writeValueAsString(chained);
        } catch (IOException e) {
            throw new IllegalStateException("Drill report " + chained.report().drillId() + " cannot be written as JSON.", e);
        }
    }

}
