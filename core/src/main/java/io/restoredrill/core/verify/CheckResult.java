package io.restoredrill.core.verify;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.Objects;

/**
 * One verification check as it ran.
 *
 * @param name     stable, human name, e.g. {@code public.orders} or {@code no orphan order items}
 * @param measured what the check measured, as text (a count, a timestamp, a version)
 * @param expected what the check expected, as text, or {@code null} when it only records
 * @param detail   one sentence for people: why it failed, or what it could not do
 */
public record CheckResult(
        String name,
        CheckKind kind,
        CheckStatus status,
        String measured,
        String expected,
        @JsonProperty("durationSeconds") Duration duration,
        String detail) {

    public CheckResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(duration, "duration");
    }
}
