package io.restoredrill.aws.state;

import io.restoredrill.core.model.Verdict;
import java.util.List;

/**
 * Where Publish stored the drill's report, and what it says.
 *
 * @param sha256        the SHA-256 of the stored report's bytes, which the next report chains to
 * @param failureReason one sentence, {@code null} when the drill passed
 * @param failedChecks  the names of the checks that failed or could not run, in the report's order
 */
public record ReportRef(String bucket, String key, String sha256, Verdict verdict, String failureReason,
                        List<String> failedChecks) {

    public ReportRef {
        failedChecks = failedChecks == null ? List.of() : List.copyOf(failedChecks);
    }
}
