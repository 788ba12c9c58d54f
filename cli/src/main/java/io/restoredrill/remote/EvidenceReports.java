package io.restoredrill.remote;

import io.restoredrill.aws.evidence.EvidenceChain;
import io.restoredrill.aws.evidence.ReportIndex;
import io.restoredrill.aws.evidence.ReportKeys;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.model.DrillReport;
import io.restoredrill.core.report.ReportJson;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Reads the AWS engine's reports from the evidence bucket (docs/report-format.md). */
public final class EvidenceReports {

    private final S3Client s3;

    public EvidenceReports(S3Client s3) {
        this.s3 = s3;
    }

    public DrillReport read(String bucket, String key) {
        try {
            return ReportJson.read(s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asUtf8String());
        } catch (NoSuchKeyException e) {
            throw new InvalidInputException("s3://" + bucket + "/" + key + " does not exist; the drill has not published"
                    + " its report (yet).", e);
        } catch (NoSuchBucketException e) {
            throw new InvalidInputException("The evidence bucket " + bucket + " does not exist in this region.", e);
        } catch (SdkException e) {
            throw RemoteFailures.translate(e);
        }
    }

    /** Every report and link of the source, checked end to end. */
    public EvidenceChain.Verification verifyChain(String bucket, String source) {
        Map<String, byte[]> objects;
        try {
            objects = EvidenceChain.load(s3, bucket, source);
        } catch (NoSuchBucketException e) {
            throw new InvalidInputException("The evidence bucket " + bucket + " does not exist in this region.", e);
        } catch (SdkException e) {
            throw RemoteFailures.translate(e);
        }
        if (objects.isEmpty()) {
            throw new InvalidInputException("s3://" + bucket + "/" + ReportKeys.prefix(source) + " holds no report; no"
                    + " drill of '" + source + "' has published one.");
        }
        return EvidenceChain.verify(source, objects);
    }

    /** The source's newest report's key. */
    public String latestKey(String bucket, String source) {
        List<String> keys;
        try {
            keys = ReportIndex.newestFirst(s3, bucket, source, null);
        } catch (NoSuchBucketException e) {
            throw new InvalidInputException("The evidence bucket " + bucket + " does not exist in this region.", e);
        } catch (SdkException e) {
            throw RemoteFailures.translate(e);
        }
        return keys.stream().findFirst().orElseThrow(() -> new InvalidInputException("s3://" + bucket + "/reports/"
                + source + "/ holds no report; no drill of '" + source + "' has published one."));
    }
}
