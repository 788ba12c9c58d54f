package io.restoredrill.local;

import io.restoredrill.core.model.Budgets;
import io.restoredrill.core.verify.suite.VerificationSuite;
import io.restoredrill.local.existing.ExistingBackupOptions;
import io.restoredrill.local.postgres.SourceDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything a local drill needs to know, validated by the command line before it gets here.
 *
 * @param source          the database to drill; empty for the embedded demo source (or an existing backup)
 * @param from            an existing backup to restore instead of a fresh dump of a source
 * @param sourceName      short name for ids and report paths; derived when empty
 * @param suite           the verification suite (zero-config defaults when no file is given)
 * @param customSuite     whether the suite came from the user (otherwise the demo uses its own)
 * @param jobs            parallel jobs for pg_dump and pg_restore
 * @param copyTo          recovery location: a directory or {@code s3://bucket/prefix}; empty = work dir
 * @param recoveryRegion  AWS region of an S3 recovery location
 * @param encryptTo       age recipients; empty = no encryption
 * @param identity        age identity file, needed when encrypting
 * @param pgBin           explicit PostgreSQL bin directory
 * @param outDir          where reports and the drill log go
 * @param workParent      where the drill's temporary directory is created
 * @param compareSource   compare the restored copy with the source, inside the dump's snapshot
 * @param keep            leave the restored cluster running for inspection
 * @param retainCopy      leave the copy at the recovery location
 * @param noOwner         restore without the source's owners and privileges (they are then not compared)
 * @param textfileDir     node_exporter's textfile directory, where the drill's metrics file goes; empty: none
 */
public record LocalDrillOptions(
        Optional<SourceDatabase> source,
        Optional<ExistingBackupOptions> from,
        Optional<String> sourceName,
        VerificationSuite suite,
        boolean customSuite,
        Budgets budgets,
        int jobs,
        Optional<String> copyTo,
        Optional<String> recoveryRegion,
        List<String> encryptTo,
        Optional<Path> identity,
        Optional<Path> pgBin,
        Path outDir,
        Path workParent,
        boolean compareSource,
        boolean keep,
        boolean retainCopy,
        boolean noOwner,
        Optional<Path> textfileDir,
        String operator) {

    /** The option naming the PostgreSQL programs' directory, in both drill local and drill backup. */
    public static final String PG_BIN = "--pg-bin";
    /** The option naming the parent of a drill's (or a backup's) private temporary directory. */
    public static final String WORK_DIR = "--work-dir";

    public LocalDrillOptions {
        encryptTo = List.copyOf(encryptTo);
    }

    public boolean encrypted() {
        return !encryptTo.isEmpty();
    }

    public boolean demo() {
        return source.isEmpty() && from.isEmpty();
    }

    /** These common options (output, work directory, jobs, keys, operator) for one database of a drill file. */
    public LocalDrillOptions forDatabase(DrillFile.Database database) {
        return new LocalDrillOptions(Optional.empty(), Optional.of(database.from()), Optional.of(database.name()),
                database.suite(), database.customSuite(), database.budgets(), jobs, Optional.empty(), Optional.empty(),
                List.of(), identity, pgBin, outDir, workParent, false, keep, false, noOwner, textfileDir, operator);
    }

    /** Whether the drill recovers a physical backup (pg_basebackup, pgBackRest) to a point in time. */
    public boolean physicalBackup() {
        return from.map(ExistingBackupOptions::physicalBackup).orElse(false);
    }

    /** Whether the drill restores an existing backup rather than a dump it makes. */
    public boolean existingBackup() {
        return from.isPresent();
    }
}
