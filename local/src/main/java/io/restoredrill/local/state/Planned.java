package io.restoredrill.local.state;

import io.restoredrill.core.postgres.PgBinaries;
import io.restoredrill.core.verify.PreviousDrill;
import io.restoredrill.local.copy.RecoveryLocation;
import io.restoredrill.local.existing.ExistingBackup;
import io.restoredrill.local.postgres.SourceDatabase;

/**
 * What Plan decided. A drill has either a {@code source} it dumps or an {@code existing} backup it fetches.
 *
 * @param sourceName    the name in ids, reports and the drill log
 * @param database      the database the restored copy must be of; {@code null} when any will do (an existing
 *                      backup drilled without {@code --database})
 * @param serverVersion the source's server version; {@code null} for an existing backup (its dump says, at Restore)
 * @param binaries      the PostgreSQL programs of the source's major version or newer
 * @param location      where Copy puts the dump; {@code null} for an existing backup
 * @param previous      the previous passed drill of this source, for schema fidelity and growth; {@code null}: none
 */
public record Planned(
        String sourceName,
        String database,
        String serverVersion,
        PgBinaries binaries,
        SourceDatabase source,
        ExistingBackup existing,
        RecoveryLocation location,
        PreviousDrill previous) {
}
