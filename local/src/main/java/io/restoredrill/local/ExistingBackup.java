package io.restoredrill.local;

import io.restoredrill.core.error.BackupUnreadableException;
import io.restoredrill.core.error.ChecksumMismatchException;
import io.restoredrill.core.error.CopyFailedException;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.error.ManifestInvalidException;
import io.restoredrill.core.error.RestoreFailedException;
import io.restoredrill.core.model.SnapshotInfo;
import io.restoredrill.core.postgres.PgBinaries;
import io.restoredrill.core.postgres.ProcessResult;
import io.restoredrill.core.postgres.ProcessRunner;
import io.restoredrill.core.postgres.WorkDirs;
import io.restoredrill.core.run.PhaseContext;
import io.restoredrill.local.backup.BackupManifest;
import io.restoredrill.local.backup.ManifestSignature;
import io.restoredrill.local.existing.BackupChoice;
import io.restoredrill.local.existing.BackupKeys;
import io.restoredrill.local.existing.BackupStore;
import io.restoredrill.local.existing.BackupUnwrapper;
import io.restoredrill.local.existing.DumpFormat;
import io.restoredrill.local.existing.DumpScript;
import io.restoredrill.local.existing.ExistingBackupOptions;
import io.restoredrill.local.existing.StoredBackup;
import io.restoredrill.local.existing.UnwrappedBackup;
import io.restoredrill.local.files.Bytes;
import io.restoredrill.local.files.Sha256;
import io.restoredrill.local.postgres.PgErrors;
import io.restoredrill.local.postgres.RestoreList;
import io.restoredrill.local.postgres.SourceRoles;
import io.restoredrill.local.state.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The front half of a drill of an existing backup ({@code drill local --from}): Plan picks the backup, Download
 * makes it readable here, Decrypt takes off its encryption and compression, and Restore reads what the dump
 * needs (its version, its database, the roles it names) before it is restored.
 */
final class ExistingBackup implements AutoCloseable {

    /**
     * What the dump itself says, read before it is restored.
     *
     * @param list an archive's edited table of contents, for pg_restore; {@code null} for a plain SQL dump
     */
    record Contents(String database, String dumpedFrom, SourceRoles roles, boolean createsDatabase, RestoreList list) {

        int dumpedFromMajor() {
            if (dumpedFrom == null) {
                return 0;
            }
            String major = dumpedFrom.split("\\.")[0].replaceAll("\\D.*", "");
            return major.isEmpty() ? 0 : Integer.parseInt(major);
        }
    }

    private final ExistingBackupOptions options;
    private final BackupKeys keys;
    private final Workspace workspace;
    private final BackupStore store;
    private final StoredBackup backup;
    private final PublicKey manifestKey;
    private Path fetched;
    private Path fetchedManifest;
    private Path fetchedSignature;
    private BackupManifest manifest;
    private String manifestSha256;
    private UnwrappedBackup unwrapped;
    private RestoreList list;

    private ExistingBackup(ExistingBackupOptions options, BackupKeys keys, Workspace workspace, BackupStore store,
                           StoredBackup backup, PublicKey manifestKey) {
        this.options = options;
        this.keys = keys;
        this.workspace = workspace;
        this.store = store;
        this.backup = backup;
        this.manifestKey = manifestKey;
    }

    static ExistingBackup plan(LocalDrillOptions drill, Workspace workspace, PhaseContext context) {
        ExistingBackupOptions options = drill.from().orElseThrow();
        options.gpgHome().ifPresent(home -> {
            if (!Files.isDirectory(home)) {
                throw new InvalidInputException("--gpg-homedir " + home + " is not a directory; give the GnuPG home"
                        + " that holds the backups' secret key.");
            }
        });
        PublicKey manifestKey = options.manifestKey()
                .map(key -> ManifestSignature.verifyingKey(key, "--manifest-key")).orElse(null);
        BackupStore store = BackupStore.open(options.location(), options.region().orElse(null));
        try {
            List<StoredBackup> backups;
            try {
                backups = store.list();
            } catch (CopyFailedException e) {
                throw new InvalidInputException(e.getMessage(), e);
            }
            StoredBackup chosen = BackupChoice.pick(store, backups, options.backup(), options.database());
            return new ExistingBackup(options, new BackupKeys(drill.identity(), options.gpgHome()), workspace, store, chosen,
                    manifestKey);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** The source's name for reports and the drill log: the database the backup is of. */
    String name() {
        return backup.database() != null ? backup.database() : "backup";
    }

    /** The database the restored copy must be of: the one asked for with --database; else whichever the dump is of. */
    String expectedDatabase() {
        return options.database().orElse(null);
    }

    String uri() {
        return store.uri(backup);
    }

    String describe() {
        return "Backup " + uri() + " (" + Bytes.format(backup.bytes()) + ", taken " + backup.takenAt()
                + (backup.timeFromName() ? " as its name says" : ", the time of the file") + ")";
    }

    void download(PhaseContext context) {
        fetched = store.fetch(backup, workspace.fetched(), context.deadline());
        fetchManifest();
        context.detail((store.inPlace() ? "Read in place: " + fetched : "Downloaded " + Bytes.format(backup.bytes())
                + " from " + uri()) + (fetchedManifest != null ? ", with its signed manifest" : "") + ".");
    }

    /** The manifest drill backup wrote beside the backup, and its signature: required with a key, else refused. */
    private void fetchManifest() {
        Path dir = workspace.fetched().resolveSibling("manifest");
        for (String encryption : List.of(".age", ".gpg", "")) {
            fetchedManifest = store.fetchBeside(backup, BackupManifest.SUFFIX + encryption, dir).orElse(null);
            if (fetchedManifest != null) {
                break;
            }
        }
        fetchedSignature = store.fetchBeside(backup, BackupManifest.SIGNATURE_SUFFIX, dir).orElse(null);
        if (manifestKey == null) {
            if (fetchedManifest != null || fetchedSignature != null) {
                throw new InvalidInputException("The backup " + uri() + " has a signed manifest from drill backup; give"
                        + " --manifest-key FILE, the public key of the key that signed it, so the drill checks the"
                        + " manifest and compares the restored copy with it.");
            }
            return;
        }
        if (fetchedManifest == null) {
            throw new ManifestInvalidException("The backup " + uri() + " has no manifest beside it (" + backup.fileName()
                    + BackupManifest.SUFFIX + ".age), but --manifest-key says its backups are signed: it was not made by"
                    + " drill backup, or its manifest was removed.");
        }
        if (fetchedSignature == null) {
            throw new ManifestInvalidException("The manifest of the backup " + uri() + " has no signature beside it ("
                    + backup.fileName() + BackupManifest.SIGNATURE_SUFFIX + "): it cannot be trusted; it was removed"
                    + " after drill backup stored it.");
        }
    }

    void decrypt(PhaseContext context) {
        String checked = "";
        if (fetchedManifest != null) {
            manifest = checkedManifest();
            checked = "; manifest signature and the backup's SHA-256 checked";
        }
        unwrapped = new BackupUnwrapper(keys).unwrap(fetched, uri(), privateDir());
        if (!store.inPlace() && !unwrapped.inPlace()) {
            deleteQuietly(fetched);
        }
        context.detail((unwrapped.layers().isEmpty() ? "Neither encrypted nor compressed"
                : "Took off " + String.join(", then ", unwrapped.layers())) + ": pg_dump " + unwrapped.format().displayName()
                + " format" + (unwrapped.inPlace() ? ", restored from where it is" : ", " + Bytes.format(size(unwrapped.dump()))
                + " in the drill's private directory") + checked + ".");
    }

    /** The manifest, once its signature and the backup it describes are checked. */
    private BackupManifest checkedManifest() {
        String label = uri() + BackupManifest.SUFFIX;
        byte[] json = new BackupUnwrapper(keys).plaintext(fetchedManifest, label, privateDir());
        byte[] signature;
        try {
            signature = Files.readAllBytes(fetchedSignature);
        } catch (IOException e) {
            throw new ManifestInvalidException("Cannot read the signature of " + label + " (" + e.getMessage() + ").", e);
        }
        if (!ManifestSignature.verifies(json, signature, manifestKey)) {
            throw new ManifestInvalidException("The manifest of the backup " + uri() + " does not match its signature"
                    + " under --manifest-key " + options.manifestKey().orElseThrow() + ": it was edited after drill backup"
                    + " signed it, or it was signed with another key.");
        }
        BackupManifest parsed = BackupManifest.parse(json, label);
        manifestSha256 = Sha256.of(json);
        if (!parsed.backup().equals(backup.fileName())) {
            throw new ChecksumMismatchException("The manifest beside " + uri() + " describes another backup, "
                    + parsed.backup() + ": the files were renamed or mixed up after drill backup stored them.");
        }
        Sha256.Digest digest;
        try {
            if (store.inPlace() && Files.isRegularFile(fetched)) {
                // What is checked must be what is restored: a file read where it lies could be swapped in between.
                Path copy = privateDir().resolve("checked-" + fetched.getFileName());
                digest = Sha256.copy(fetched, copy);
                fetched = copy;
            } else {
                digest = Sha256.of(fetched);
            }
        } catch (IOException e) {
            throw new BackupUnreadableException("Cannot read the backup " + uri() + " to check it against its manifest ("
                    + e.getMessage() + ").", e);
        }
        if (!digest.hex().equals(parsed.backupSha256()) || digest.size() != parsed.backupBytes()) {
            throw new ChecksumMismatchException("The backup " + uri() + " is not the one its signed manifest describes:"
                    + " it has " + digest.size() + " bytes and SHA-256 " + digest.hex() + ", the manifest records "
                    + parsed.backupBytes() + " bytes and " + parsed.backupSha256() + "; it was replaced or damaged after"
                    + " drill backup stored it.");
        }
        return parsed;
    }

    /** What drill backup saw in the source inside the dump's snapshot, checked; empty for a backup made otherwise. */
    Optional<BackupManifest> manifest() {
        return Optional.ofNullable(manifest);
    }

    DumpFormat format() {
        return unwrapped.format();
    }

    Path dump() {
        return unwrapped.dump();
    }

    Contents contents(PgBinaries binaries, Instant deadline) {
        SourceRoles kept = unwrapped.format() == DumpFormat.DIRECTORY ? SourceRoles.readFrom(unwrapped.dump()) : null;
        if (!unwrapped.format().archive()) {
            DumpScript script = DumpScript.scan(unwrapped.dump());
            return new Contents(script.createdDatabase(), script.dumpedFrom(), roles(script, kept),
                    script.createdDatabase() != null, null);
        }
        try {
            list = RestoreList.prepare(binaries, unwrapped.dump(), workspace.restoreList(), deadline);
        } catch (RestoreFailedException e) {
            throw new BackupUnreadableException(e.getMessage().replaceFirst("\\.$", "") + ": it is truncated or damaged,"
                    + " or made by a newer pg_dump than " + binaries.version() + ".", e);
        }
        Path schema = privateDir().resolve("schema.sql");
        ProcessResult rendered = ProcessRunner.asCurrentUser().run(List.of(binaries.program("pg_restore").toString(),
                "--schema-only", "--create", "--file=" + schema, unwrapped.dump().toString()), Map.of(), deadline);
        if (!rendered.succeeded()) {
            throw new BackupUnreadableException("pg_restore cannot render the backup's schema: "
                    + PgErrors.firstError(rendered) + ".");
        }
        DumpScript script = DumpScript.scan(schema);
        deleteQuietly(schema);
        return new Contents(list.database(), list.dumpedFrom(), roles(script, kept), true, list);
    }

    private static SourceRoles roles(DumpScript script, SourceRoles kept) {
        if (kept != null) {
            return kept;
        }
        return new SourceRoles(script.roles().stream().map(name -> new SourceRoles.Role(name, true)).toList(), List.of());
    }

    /** Removes the plaintext once it is restored; an original read in place is never touched. */
    void releasePlaintext() {
        if (unwrapped != null && !unwrapped.inPlace()) {
            deleteQuietly(unwrapped.dump());
        }
    }

    /** When the backup was taken: the time pg_dump wrote into it, else its name's, else its file's. */
    Instant takenAt() {
        if (manifest != null) {
            return manifest.takenAt();
        }
        return list != null && list.createdAt() != null ? list.createdAt() : backup.takenAt();
    }

    SnapshotInfo snapshotInfo() {
        boolean encrypted = unwrapped != null && unwrapped.layers().stream().anyMatch(l -> l.startsWith("age") || l.equals("gpg"));
        return new SnapshotInfo(backup.name(), takenAt(), backup.bytes(), 1,
                manifestSha256, uri(), encrypted);
    }

    private Path privateDir() {
        return workspace.dump().getParent();
    }

    private static long size(Path path) {
        try {
            return Files.isDirectory(path) ? io.restoredrill.local.files.FileTree.regularFiles(path).stream()
                    .mapToLong(file -> path.resolve(file).toFile().length()).sum() : Files.size(path);
        } catch (IOException e) {
            return 0;
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            WorkDirs.deleteRecursively(path);
        } catch (IOException e) {
            // the workspace's release removes whatever is left
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
