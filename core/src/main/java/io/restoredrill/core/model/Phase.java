package io.restoredrill.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The steps of a drill. The display names are the Step Functions state names, the Lambda handler
 * names and the phase names in reports: one word for one thing everywhere.
 */
public enum Phase {
    PLAN("Plan"),
    SNAPSHOT("Snapshot"),
    COPY("Copy"),
    /** Fetching an existing backup from where it is kept ({@code drill local --from}). */
    DOWNLOAD("Download"),
    /** Decrypting and decompressing an existing backup into the drill's private directory. */
    DECRYPT("Decrypt"),
    RESTORE("Restore"),
    CREDENTIALS("Credentials"),
    VERIFY("Verify"),
    PUBLISH("Publish"),
    CLEANUP("Cleanup");

    private final String displayName;

    Phase(String displayName) {
        this.displayName = displayName;
    }

    @JsonValue
    public String displayName() {
        return displayName;
    }

    /** Parses a phase name case-insensitively ({@code restore}, {@code Restore}, {@code RESTORE}). */
    @JsonCreator
    public static Phase parse(String name) {
        for (Phase phase : values()) {
            if (phase.displayName.equalsIgnoreCase(name.trim())) {
                return phase;
            }
        }
        throw new IllegalArgumentException("unknown phase '" + name + "'; phases are "
                + Arrays.stream(values()).map(p -> p.displayName.toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return displayName;
    }
}
