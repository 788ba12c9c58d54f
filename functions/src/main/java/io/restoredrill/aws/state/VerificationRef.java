package io.restoredrill.aws.state;

/**
 * Where Verify stored its full result (it can outgrow Step Functions' 256 KB state), and enough of
 * it to read at a glance.
 *
 * @param bucket       the evidence bucket
 * @param key          the object holding core's verification result as JSON
 * @param versionId    the version Verify wrote (the bucket is versioned), which Publish reads, or null when unversioned
 * @param sha256       the SHA-256 (hex) of the bytes Verify wrote: Publish refuses a result that differs
 * @param passed       no check failed or errored
 * @param rowsVerified rows counted in the restored copy
 * @param failedChecks how many checks failed or errored
 */
public record VerificationRef(String bucket, String key, String versionId, String sha256, boolean passed, long rowsVerified,
                              int failedChecks) {
}
