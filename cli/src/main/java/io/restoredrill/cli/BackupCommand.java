package io.restoredrill.cli;

import io.restoredrill.core.error.DrillException;
import io.restoredrill.local.LocalDrillOptions;
import io.restoredrill.local.backup.BackupEncryption;
import io.restoredrill.local.backup.BackupOptions;
import io.restoredrill.local.backup.NightlyBackup;
import io.restoredrill.local.backup.RetentionPolicy;
import io.restoredrill.local.postgres.SourceDatabase;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code drill backup}: the nightly backup that a later {@code drill local --from} proves. */
@Command(name = "backup", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Backs up databases the way a later drill can prove them: pg_dump --format=custom and an exact scan of",
                "every table in one snapshot, a signed manifest beside the dump, both encrypted and stored under a",
                "timestamped name; then older backups are pruned by retention tiers.",
                "Exit 0: every database backed up. 1: a backup ran and failed. 2: configuration or environment error."})
final class BackupCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--source-url", paramLabel = "CONNINFO",
            description = {"The server and database, as psql takes it: postgresql://USER@HOST:PORT/DATABASE, 'host=… dbname=…',",
                    "service=NAME; PG* variables and ~/.pgpass fill in the rest (default: the PG* environment alone)."})
    private String sourceUrl;

    @Option(names = "--user", paramLabel = "NAME", description = "User for --source-url.")
    private String user;

    @Option(names = "--password-env", paramLabel = "VAR",
            description = "Environment variable holding the password (never pass a password as an argument).")
    private String passwordEnv;

    @Option(names = "--database", paramLabel = "NAME",
            description = "A database of that server to back up; repeat for several (default: the one --source-url names).")
    private List<String> databases = new ArrayList<>();

    @Option(names = "--to", required = true, paramLabel = "DIR|s3://BUCKET/PREFIX",
            description = "Where backups go: a directory, or an S3 prefix (any S3-compatible endpoint, credentials from the AWS chain).")
    private String to;

    @Option(names = "--region", paramLabel = "REGION", description = "With --to s3://…: the bucket's region (default: AWS_REGION).")
    private String region;

    @Option(names = "--encrypt-to", paramLabel = "age1…", description = "age recipient (public key); repeat for several.")
    private List<String> encryptTo = new ArrayList<>();

    @Option(names = "--gpg-recipient", paramLabel = "KEY", description = "gpg recipient, where age cannot be used; repeat for several.")
    private List<String> gpgRecipients = new ArrayList<>();

    @Option(names = "--gpg-homedir", paramLabel = "DIR", description = "GnuPG home with the recipients' public keys (default: gpg's own).")
    private Path gpgHome;

    @Option(names = "--unencrypted", description = "Store backups and manifests in the clear, on purpose.")
    private boolean unencrypted;

    @Option(names = "--signing-key", required = true, paramLabel = "FILE",
            description = {"Ed25519 private key (PEM) that signs every manifest: openssl genpkey -algorithm ed25519 -out FILE.",
                    "Drills check it with the public key: drill local --from … --manifest-key PUBLIC.pem."})
    private Path signingKey;

    @Option(names = "--keep-daily", paramLabel = "N", defaultValue = "0", description = "Keep the newest backup of each of the last N days.")
    private int keepDaily;

    @Option(names = "--keep-weekly", paramLabel = "N", defaultValue = "0", description = "… of each of the last N ISO weeks.")
    private int keepWeekly;

    @Option(names = "--keep-monthly", paramLabel = "N", defaultValue = "0", description = "… of each of the last N months.")
    private int keepMonthly;

    @Option(names = "--keep-yearly", paramLabel = "N", defaultValue = "0",
            description = {"… of each of the last N years. Without any --keep-*, nothing is pruned; the newest backup always stays."})
    private int keepYearly;

    @Option(names = LocalDrillOptions.PG_BIN, paramLabel = "DIR", description = "Directory with pg_dump (default: found by the server's version).")
    private Path pgBin;

    @Option(names = LocalDrillOptions.WORK_DIR, paramLabel = "DIR", description = "Parent of the private directory a dump is written to before it is stored (default: the system temp directory).")
    private Path workDir;

    @Option(names = "--textfile-dir", paramLabel = "DIR",
            description = "Write each database's backup metrics for node_exporter's textfile collector into DIR (docs/backup.md).")
    private Path textfileDir;

    @Option(names = "--dry-run", description = "Check the keys, the location and every database, and say what would be done; nothing is dumped, stored or deleted.")
    private boolean dryRun;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        String password = PasswordEnv.read(passwordEnv);
        SourceDatabase source = SourceDatabase.fromUrl(sourceUrl == null ? "" : sourceUrl, user, password,
                "$" + passwordEnv);
        BackupOptions options = new BackupOptions(source, databases, to, Optional.ofNullable(region),
                new BackupEncryption(encryptTo, gpgRecipients, Optional.ofNullable(gpgHome)), unencrypted, signingKey,
                new RetentionPolicy(keepDaily, keepWeekly, keepMonthly, keepYearly), Optional.ofNullable(pgBin),
                workDir != null ? workDir : Path.of(System.getProperty("java.io.tmpdir")), Optional.ofNullable(textfileDir),
                dryRun);
        List<NightlyBackup.Result> results = new NightlyBackup(options, stdout::println, Clock.systemUTC()).run();
        if (dryRun) {
            stdout.println("Dry run: nothing was dumped, stored or deleted.");
            return DrillCommand.PASSED;
        }
        List<NightlyBackup.Result> failed = results.stream().filter(r -> !r.succeeded()).toList();
        List<String> notPruned = results.stream().filter(r -> r.pruneFailure().isPresent())
                .map(NightlyBackup.Result::database).toList();
        if (failed.isEmpty()) {
            stdout.println("Backup done — " + results.size() + " of " + results.size() + " database(s) backed up to " + to
                    + (notPruned.isEmpty() ? "." : ", but older backups of " + String.join(", ", notPruned)
                    + " could not be pruned."));
            return notPruned.isEmpty() ? DrillCommand.PASSED : DrillCommand.FAILED;
        }
        stdout.println("Backup FAILED — " + failed.size() + " of " + results.size() + " database(s) not backed up: "
                + String.join(", ", failed.stream().map(NightlyBackup.Result::database).toList()) + ".");
        boolean couldNotRun = failed.stream().anyMatch(r -> r.failure().map(DrillException::category)
                .orElseThrow() == DrillException.Category.CONFIGURATION);
        return couldNotRun ? DrillCommand.CONFIGURATION : DrillCommand.FAILED;
    }
}
