package io.restoredrill.local.state;

import io.restoredrill.core.verify.Inventory;
import io.restoredrill.core.verify.SourceCatalog;
import java.time.Instant;

/**
 * What the restored copy must hold, and as of when.
 *
 * @param database      the database the restored copy is of
 * @param serverVersion the source's server version
 * @param asOf          when the data was taken: the dump's snapshot, or the existing backup's time
 * @param inventory     every table's exact rows and content hash; {@code null} when not read (no
 *                      {@code --compare-source}, or an existing backup without a manifest)
 * @param catalog       the source's schema, owners and privileges; {@code null} when not known
 */
public record Expected(String database, String serverVersion, Instant asOf, Inventory inventory, SourceCatalog catalog) {

    public Expected withCatalog(SourceCatalog adjusted) {
        return new Expected(database, serverVersion, asOf, inventory, adjusted);
    }
}
