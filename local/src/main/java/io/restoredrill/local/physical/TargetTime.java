package io.restoredrill.local.physical;

import io.restoredrill.core.error.InvalidInputException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Reads {@code --target-time}: ISO-8601 with a zone ({@code 2026-12-06T10:00:00+01:00}, {@code …Z}); without one, UTC. */
public final class TargetTime {

    private TargetTime() {
    }

    public static Instant parse(String text, String option) {
        String iso = text.strip().replace(' ', 'T');
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException withZone) {
            try {
                return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new InvalidInputException(option + " '" + (text.length() > 40 ? text.substring(0, 40) + "…" : text)
                        + "' is not a time; write it as ISO-8601, e.g. 2026-12-06T10:00:00Z (a time without a zone is UTC).");
            }
        }
    }
}
