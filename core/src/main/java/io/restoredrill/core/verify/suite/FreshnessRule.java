package io.restoredrill.core.verify.suite;

import java.time.Duration;

/**
 * The newest value of {@code column} must be no older than {@code maxLag} at drill start: the
 * recovery-point objective measured on the data itself.
 */
public record FreshnessRule(TableName table, String column, Duration maxLag) {
}
