package io.restoredrill.local.backup;

import io.restoredrill.local.postgres.SourceDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code drill backup} is asked to do.
 *
 * @param source      the server and credentials, and the database backed up when {@code databases} is empty
 * @param databases   the databases of that server to back up, one after another; empty: the source's own
 * @param location    where backups go: a directory or {@code s3://bucket[/prefix]}
 * @param region      the bucket's region for {@code s3://}; empty: {@code AWS_REGION}
 * @param encryption  the recipients; none only with {@code unencrypted}
 * @param unencrypted whether backups may be stored in the clear (said explicitly)
 * @param signingKey  the Ed25519 private key that signs every manifest
 * @param retention   which older backups of each database to keep; {@link RetentionPolicy#NONE}: prune nothing
 * @param pgBin       where pg_dump is; empty: found by the source's version
 * @param workDir     parent of the private directory the dump is written to before it is stored
 * @param textfileDir where to write each database's backup metrics for node_exporter's textfile collector; empty: none
 * @param dryRun      check everything and say what would be done, without dumping, storing or deleting anything
 */
public record BackupOptions(SourceDatabase source, List<String> databases, String location, Optional<String> region,
                            BackupEncryption encryption, boolean unencrypted, Path signingKey, RetentionPolicy retention,
                            Optional<Path> pgBin, Path workDir, Optional<Path> textfileDir, boolean dryRun) {

    public BackupOptions {
        databases = List.copyOf(databases);
    }

    /** The databases to back up, in the order given. */
    public List<String> effectiveDatabases() {
        return databases.isEmpty() ? List.of(source.database()) : databases.stream().distinct().toList();
    }
}
