package io.restoredrill.local.existing;

import java.nio.file.Path;
import java.util.List;

/**
 * A backup ready for pg_restore or psql.
 *
 * @param dump    the dump file or directory: in the drill's private directory, or the original when it needed nothing
 * @param format  its pg_dump format
 * @param layers  what was taken off, outermost first, e.g. {@code [age, zstd]}; empty when nothing was
 * @param inPlace whether {@code dump} is the original backup (which the drill must never delete)
 */
public record UnwrappedBackup(Path dump, DumpFormat format, List<String> layers, boolean inPlace) {

    public UnwrappedBackup {
        layers = List.copyOf(layers);
    }
}
