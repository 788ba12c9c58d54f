package io.restoredrill.aws.evidence;

import io.restoredrill.aws.clients.AwsFailures;
import io.restoredrill.core.error.DrillException;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.model.DrillReport;
import io.restoredrill.core.report.ReportJson;
import io.restoredrill.core.verify.PreviousDrill;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The inventory of the source's newest earlier drill that passed, for Verify's comparison with the
 * previous drill (as the local engine takes it from its drill log). Only a few reports are read; an
 * unreadable one is skipped and logged, since the comparison is one check among many.
 */
public final class PreviousDrills {

    static final int MAX_REPORTS_READ = 10;
    private static final Logger LOG = LoggerFactory.getLogger(PreviousDrills.class);

    private PreviousDrills() {
    }

    public static Optional<PreviousDrill> newestPassed(S3Client s3, String bucket, String source, String drillId) {
        List<String> keys = ReportIndex.newestFirst(s3, bucket, source, drillId);
        for (String key : keys.subList(0, Math.min(keys.size(), MAX_REPORTS_READ))) {
            try {
                DrillReport report = ReportJson.read(new String(
                        s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray(), StandardCharsets.UTF_8));
                if (report.passed() && report.verification() != null && report.verification().inventory() != null) {
                    return Optional.of(PreviousDrill.of(report.drillId(), report.verification()));
                }
            } catch (S3Exception e) {
                RuntimeException translated = AwsFailures.translate(e);
                if (translated instanceof DrillException drill && drill.retryable()) {
                    // throttled or AWS-side: retry the Task rather than compare with an older drill, or none
                    throw translated;
                }
                LOG.warn("Skipping s3://{}/{} for the previous-drill comparison: {}", bucket, key, e.getMessage());
            } catch (InvalidInputException e) {
                LOG.warn("Skipping s3://{}/{} for the previous-drill comparison: {}", bucket, key, e.getMessage());
            }
        }
        return Optional.empty();
    }
}
