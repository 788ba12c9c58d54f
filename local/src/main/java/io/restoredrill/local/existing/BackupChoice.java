package io.restoredrill.local.existing;

import io.restoredrill.core.error.InvalidInputException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Picks the backup a drill restores: the one named, else the newest of the database's. */
public final class BackupChoice {

    private static final Comparator<StoredBackup> NEWEST_LAST = Comparator.comparing(StoredBackup::takenAt)
            .thenComparing(StoredBackup::name);

    private BackupChoice() {
    }

    /**
     * @param named    a backup's name or file name ({@code --backup}); empty: the newest
     * @param database the database whose backups to consider ({@code --database}), told by their names; empty: the only
     *                 one there is. A location of one backup is that backup, whatever its name says.
     * @throws InvalidInputException when there is no backup, the named one is missing, or several databases are
     *                               backed up there and none was chosen
     */
    public static StoredBackup pick(BackupStore store, List<StoredBackup> backups, Optional<String> named,
                                    Optional<String> database) {
        if (backups.isEmpty()) {
            throw new InvalidInputException("No backup found at " + store + "; check the location (a dump file, a"
                    + " directory of dumps or s3://bucket/prefix) and that the backups are there.");
        }
        if (named.isPresent()) {
            String wanted = named.get();
            return backups.stream().filter(b -> b.name().equals(wanted) || b.fileName().equals(wanted))
                    .max(NEWEST_LAST)
                    .orElseThrow(() -> new InvalidInputException("No backup named " + wanted + " at " + store
                            + "; the newest there is " + backups.stream().max(NEWEST_LAST).orElseThrow().name() + "."));
        }
        if (backups.size() == 1) {
            // One backup, named by the user's location: what it is of is read from the dump itself at Restore.
            return backups.get(0);
        }
        List<StoredBackup> candidates = database.map(name -> backups.stream()
                .filter(b -> name.equals(b.database())).toList()).orElse(backups);
        TreeSet<String> databases = backups.stream().map(b -> Objects.requireNonNullElse(b.database(), "(unnamed)"))
                .collect(Collectors.toCollection(TreeSet::new));
        if (candidates.isEmpty()) {
            throw new InvalidInputException("No backup of database " + database.get() + " at " + store
                    + "; backups there are of " + String.join(", ", databases) + ".");
        }
        if (database.isEmpty() && databases.size() > 1) {
            throw new InvalidInputException(store + " holds backups of " + databases.size() + " databases ("
                    + String.join(", ", databases) + "); choose one with --database NAME.");
        }
        return candidates.stream().max(NEWEST_LAST).orElseThrow();
    }
}
