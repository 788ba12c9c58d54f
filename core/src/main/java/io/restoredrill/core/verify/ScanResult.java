package io.restoredrill.core.verify;

import java.time.Duration;

/**
 * What one {@link ScanUnit} counted and hashed, or why it could not.
 *
 * @param unit  the unit's position in the plan
 * @param hash  the sum of the unit's row hashes modulo 2^64, as 16 hex digits; {@code null} on error
 * @param error why the unit could not be scanned, or {@code null}
 */
public record ScanResult(int unit, long rows, String hash, HashMethod method, Duration took, String error) {
}
