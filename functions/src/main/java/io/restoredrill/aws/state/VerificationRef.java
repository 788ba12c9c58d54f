package io.restoredrill.aws.state;

/**
 * Where Verify stored its full result (it can outgrow Step Functions' 256 KB state), and enough of
 * it to read at a glance.
 *
 * @param bucket       the evidence bucket
 * @param key          the object holding core's verification result as JSON
 * @param passed       no check failed or errored
 * @param rowsVerified rows counted in the restored copy
 * @param failedChecks how many checks failed or errored
 */
public record VerificationRef(String bucket, String key, boolean passed, long rowsVerified, int failedChecks) {
}
