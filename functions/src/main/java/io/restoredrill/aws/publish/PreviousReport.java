package io.restoredrill.aws.publish;

/**
 * The link of a stored report to the one before it: the previous report's key in the evidence
 * bucket and the SHA-256 (hex) of its bytes. Changing or removing any earlier report breaks the chain.
 */
public record PreviousReport(String key, String sha256) {
}
