package io.restoredrill.local.physical;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * How a drill restores a physical backup ({@code drill local --from} a pg_basebackup or a pgBackRest repository).
 *
 * @param walArchive       the directory WAL was archived to, read by the drill's restore_command (pg_basebackup only);
 *                         empty: only the WAL the backup carries
 * @param stanza           the pgBackRest stanza; given, {@code --from} is a pgBackRest repository
 * @param pgbackrestConfig the pgBackRest configuration whose repository options (S3, cipher) apply; empty: none
 * @param targetTime       the point in time to recover to; empty: the end of the archive
 */
public record PhysicalOptions(Optional<Path> walArchive, Optional<String> stanza, Optional<Path> pgbackrestConfig,
                              Optional<Instant> targetTime) {

    public static final PhysicalOptions NONE = new PhysicalOptions(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

    public boolean pgBackRest() {
        return stanza.isPresent();
    }

    /** Whether any option only a physical backup takes was given. */
    public boolean given() {
        return walArchive.isPresent() || stanza.isPresent() || pgbackrestConfig.isPresent() || targetTime.isPresent();
    }
}
