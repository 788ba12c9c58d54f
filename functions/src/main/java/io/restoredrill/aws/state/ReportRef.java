package io.restoredrill.aws.state;

import io.restoredrill.core.model.Verdict;

/**
 * Where Publish stored the drill's report, and what it says.
 *
 * @param sha256        the SHA-256 of the stored report's bytes, which the next report chains to
 * @param failureReason one sentence, {@code null} when the drill passed
 */
public record ReportRef(String bucket, String key, String sha256, Verdict verdict, String failureReason) {
}
