package io.restoredrill.local.backup;

import io.restoredrill.core.error.CopyFailedException;
import io.restoredrill.core.error.DrillException;
import io.restoredrill.core.error.IoReason;
import io.restoredrill.core.error.SnapshotFailedException;
import io.restoredrill.core.postgres.PgBinaries;
import io.restoredrill.core.verify.Inventory;
import io.restoredrill.core.verify.InventoryScanner;
import io.restoredrill.core.verify.SourceCatalog;
import io.restoredrill.core.verify.suite.VerificationSuite;
import io.restoredrill.local.existing.BackupLayout;
import io.restoredrill.local.existing.BackupStore;
import io.restoredrill.local.files.Sha256;
import io.restoredrill.local.postgres.ExportedSnapshot;
import io.restoredrill.local.postgres.PgDump;
import io.restoredrill.local.postgres.SourceDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One database's nightly backup: in one exported snapshot, {@code pg_dump --format=custom} and, at the same time, a
 * scan of every table (exact rows, content hash) and the catalog; then the dump and its signed manifest are
 * encrypted, stored, and the plaintext removed.
 */
public final class DatabaseBackup {

    /** What was stored. */
    public record Stored(String database, String name, long bytes, int tables, long rows, Instant takenAt,
                  String serverVersion) {
    }

    /**
     * How long one table's scan may take: a nightly backup has no RTO, and a large table must not fail every night at
     * a drill's 10-minute check timeout after its dump was made.
     */
    static final Duration SCAN_TIMEOUT = Duration.ofHours(24);

    private final BackupStore store;
    private final BackupEncryption encryption;
    private final PrivateKey signingKey;
    private final Clock clock;

    DatabaseBackup(BackupStore store, BackupEncryption encryption, PrivateKey signingKey, Clock clock) {
        this.store = store;
        this.encryption = encryption;
        this.signingKey = signingKey;
        this.clock = clock;
    }

    /**
     * @param privateDir an empty directory only this user can read, for the plaintext dump and manifest
     */
    Stored run(SourceDatabase database, PgBinaries binaries, String serverVersion, Path privateDir) {
        Path dump = privateDir.resolve("dump.custom");
        Instant takenAt;
        Inventory inventory;
        SourceCatalog catalog;
        try (ExportedSnapshot snapshot = ExportedSnapshot.open(database)) {
            takenAt = clock.instant();
            SourceCatalog.Reading reading = SourceCatalog.read(snapshot.connection(), () -> snapshot.join(database));
            // The scan and the dump read the same snapshot at the same time: the backup takes as long as the longer.
            ExecutorService scanner = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "backup-scan"));
            try {
                Future<Inventory> scan = scanner.submit(() -> scan(database, snapshot));
                PgDump.custom(binaries, database, dump, snapshot.id(), null);
                inventory = join(scan);
                catalog = reading.afterDump(snapshot.connection());
            } finally {
                // A failed dump stops the scan: its connections would hold the snapshot open on the source.
                scanner.shutdownNow();
            }
        }
        String name = BackupLayout.backupName(database.database(), takenAt, encryption.suffix());
        Path stored = encryption.encrypt(dump, privateDir.resolve("backup" + encryption.suffix()));
        if (!stored.equals(dump)) {
            delete(dump);
        }
        Sha256.Digest digest = sha256(stored);
        BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT, database.database(), takenAt, serverVersion,
                fileName(name), digest.size(), digest.hex(), encryption.name(), inventory, catalog);
        byte[] json = manifest.toJson();
        Path plainManifest = privateDir.resolve("manifest.json");
        Path signature = privateDir.resolve("manifest.sig");
        write(plainManifest, json);
        write(signature, ManifestSignature.sign(json, signingKey));
        Path storedManifest = encryption.encrypt(plainManifest, privateDir.resolve("manifest.json" + encryption.suffix()));
        if (!storedManifest.equals(plainManifest)) {
            delete(plainManifest);
        }
        // The manifest first, the backup last: a backup that is listed always has its manifest beside it.
        try {
            store.put(storedManifest, BackupLayout.manifestName(name, encryption.suffix()));
            store.put(signature, BackupLayout.signatureName(name));
            store.put(stored, name);
        } catch (DrillException e) {
            for (String beside : BackupLayout.besides(name)) {
                try {
                    store.delete(beside);
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        }
        delete(stored);
        return new Stored(database.database(), name, digest.size(), inventory.tables().size(),
                inventory.totalRows(), takenAt, serverVersion);
    }

    private static Inventory scan(SourceDatabase database, ExportedSnapshot snapshot) {
        try {
            return InventoryScanner.scan(() -> snapshot.join(database), VerificationSuite.defaultParallelism(), SCAN_TIMEOUT);
        } catch (SQLException e) {
            throw new SnapshotFailedException("Cannot scan the source's tables inside the dump's snapshot: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ".", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnapshotFailedException("Interrupted while scanning the source's tables.", e);
        }
    }

    private static Inventory join(Future<Inventory> scan) {
        try {
            return scan.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new SnapshotFailedException("The scan of the source's tables failed: " + e.getCause() + ".", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnapshotFailedException("Interrupted while scanning the source's tables.", e);
        }
    }

    private static String fileName(String name) {
        return name.substring(name.lastIndexOf('/') + 1);
    }

    private static Sha256.Digest sha256(Path file) {
        try {
            return Sha256.of(file);
        } catch (IOException e) {
            throw new CopyFailedException("Cannot read " + file + " to hash it (" + IoReason.of(e) + ").", e);
        }
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new CopyFailedException("Cannot write " + file + " (" + IoReason.of(e) + "); check the free space of"
                    + " the work directory.", e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the private directory is removed with whatever is left in it
        }
    }
}
