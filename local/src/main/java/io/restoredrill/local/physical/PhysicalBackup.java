package io.restoredrill.local.physical;

import java.time.Instant;

/**
 * The physical backup a drill restores, as Plan chose it: a pg_basebackup ({@code base}) or a pgBackRest backup set
 * ({@code set}), exactly one of the two, with how to replay its WAL.
 *
 * @param major the PostgreSQL major version it was taken of: a physical copy runs only on that major's server
 */
public record PhysicalBackup(BaseBackup base, PgBackRestSet set, PhysicalOptions options, int major) {

    public PhysicalBackup {
        if ((base == null) == (set == null)) {
            throw new IllegalArgumentException("a physical backup is either a base backup or a pgBackRest set");
        }
    }

    public String name() {
        return base != null ? base.name() : set.label();
    }

    /** Where it is: the base backup's directory, or {@code pgbackrest://stanza/label@repo}. */
    public String uri() {
        return base != null ? base.dir().toString() : set.uri();
    }

    /** When the backup ended: the newest point it can restore to without WAL from an archive. */
    public Instant takenAt() {
        return base != null ? base.takenAt() : set.stoppedAt();
    }

    public long bytes() {
        return base != null ? base.bytes() : set.bytes();
    }

    public String describe() {
        String kind = base != null ? "Base backup " + base.dir() : "pgBackRest backup " + set.label() + " of stanza "
                + set.stanza() + " in " + set.repo();
        String wal = base != null ? options.walArchive().map(dir -> ", WAL archive " + dir)
                .orElse(", with only the WAL it carries") : ", WAL from the repository's archive";
        return kind + " (PostgreSQL " + major + ", ended " + takenAt() + wal + "), replayed to "
                + options.targetTime().map(time -> "target time " + time).orElse("the end of the archive");
    }
}
