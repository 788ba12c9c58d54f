package io.restoredrill.local.state;

import io.restoredrill.core.postgres.PgBinaries;
import io.restoredrill.core.verify.PreviousDrill;
import io.restoredrill.local.copy.RecoveryLocation;
import io.restoredrill.local.existing.ExistingBackup;
import io.restoredrill.local.physical.PhysicalBackup;
import io.restoredrill.local.postgres.SourceDatabase;

/**
 * What Plan decided. A drill has a {@code source} it dumps, an {@code existing} dump it fetches, or a
 * {@code physical} backup it recovers to a point in time.
 *
 * @param sourceName    the name in ids, reports and the drill log
 * @param database      the database the restored copy must be of; {@code null} when any will do (an existing
 *                      backup drilled without {@code --database})
 * @param serverVersion the source's server version; {@code null} for an existing backup (its dump says, at Restore)
 * @param binaries      the PostgreSQL programs of the source's major version or newer
 * @param location      where Copy puts the dump; {@code null} for an existing backup
 * @param previous      the previous passed drill of this source, for schema fidelity and growth; {@code null}: none
 * @param physical      the pg_basebackup or pgBackRest backup to recover; {@code null} for a dump
 */
public record Planned(
        String sourceName,
        String database,
        String serverVersion,
        PgBinaries binaries,
        SourceDatabase source,
        ExistingBackup existing,
        RecoveryLocation location,
        PreviousDrill previous,
        PhysicalBackup physical) {

    public Planned(String sourceName, String database, String serverVersion, PgBinaries binaries, SourceDatabase source,
                   ExistingBackup existing, RecoveryLocation location, PreviousDrill previous) {
        this(sourceName, database, serverVersion, binaries, source, existing, location, previous, null);
    }
}
