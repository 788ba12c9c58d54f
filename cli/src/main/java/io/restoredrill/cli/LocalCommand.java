package io.restoredrill.cli;

import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.model.Budgets;
import io.restoredrill.core.model.DrillReport;
import io.restoredrill.core.run.DrillIds;
import io.restoredrill.core.time.Durations;
import io.restoredrill.core.verify.suite.SuiteLoader;
import io.restoredrill.core.verify.suite.VerificationSuite;
import io.restoredrill.local.DatabaseDrills;
import io.restoredrill.local.DrillFile;
import io.restoredrill.local.DrillFileReport;
import io.restoredrill.local.DrillOutcome;
import io.restoredrill.local.LocalDrill;
import io.restoredrill.local.LocalDrillOptions;
import io.restoredrill.local.LocalDrillPlan;
import io.restoredrill.local.existing.ExistingBackupOptions;
import io.restoredrill.local.physical.PhysicalOptions;
import io.restoredrill.local.physical.TargetTime;
import io.restoredrill.local.plan.DemoSource;
import io.restoredrill.local.postgres.SourceDatabase;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code drill local}: a complete restore drill on this machine, with the PostgreSQL engine. */
@Command(name = "local", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a complete restore drill on this machine: pg_dump → copy → restore into a throwaway,",
                "loopback-only cluster → verify → report. With no options it drills a generated demo database.",
                "Exit 0: passed. 1: the drill ran and failed. 2: configuration or environment error."})
final class LocalCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--source-url", paramLabel = "CONNINFO",
            description = {"Existing database to drill, read-only, as psql takes it: postgresql://USER@HOST:PORT/DATABASE,",
                    "'host=HOST dbname=DATABASE', service=NAME, or jdbc:postgresql://HOST:PORT/DATABASE; PG* variables fill in",
                    "the rest. Default: the demo database."})
    private String sourceUrl;

    @Option(names = "--user", paramLabel = "NAME", description = "User for --source-url.")
    private String user;

    @Option(names = "--password-env", paramLabel = "VAR",
            description = "Environment variable holding the --user's password (never pass a password as an argument).")
    private String passwordEnv;

    @Option(names = "--from", paramLabel = "FILE|DIR|s3://BUCKET/PREFIX",
            description = {"Restore an existing backup instead of dumping a source: a dump file, a directory of backups or an",
                    "S3 prefix (any S3-compatible endpoint). The newest backup is chosen, by the time in its name, else the",
                    "file's. pg_dump custom, directory, tar or plain SQL; gzip, zstd or lz4; age (--identity) or gpg.",
                    "Also a pg_basebackup (tar or plain; with --wal-archive) or a pgBackRest repository (with --stanza),",
                    "recovered to --target-time or the end of the WAL archive."})
    private String from;

    @Option(names = "--drill-file", paramLabel = "FILE",
            description = "Drill several databases' existing backups in one run, as the YAML file lists them (docs/local-drill.md).")
    private Path drillFile;

    @Option(names = "--backup", paramLabel = "NAME", description = "With --from: the backup to restore (its name or file name) instead of the newest.")
    private String backup;

    @Option(names = "--database", paramLabel = "NAME",
            description = "With --from: the database whose backups to drill, when the location holds several; the restored backup must be of it.")
    private String database;

    @Option(names = "--region", paramLabel = "REGION", description = "With --from s3://…: the bucket's region (default: AWS_REGION).")
    private String region;

    @Option(names = "--gpg-homedir", paramLabel = "DIR", description = "With --from: the GnuPG home with the key of gpg-encrypted backups (default: gpg's own).")
    private Path gpgHome;

    @Option(names = "--manifest-key", paramLabel = "FILE",
            description = {"With --from: the public key (PEM) of drill backup's --signing-key. Each backup must then have the",
                    "manifest it signed, and the restored copy is compared with it exactly."})
    private Path manifestKey;

    @Option(names = "--wal-archive", paramLabel = "DIR",
            description = {"With --from a pg_basebackup directory: the directory its WAL was archived to (archive_command's",
                    "target), read-only. Without it, only the WAL the backup carries (pg_basebackup -X stream) is replayed."})
    private Path walArchive;

    @Option(names = "--stanza", paramLabel = "NAME",
            description = "With --from a pgBackRest repository (its repo1-path or s3://BUCKET/PATH): the stanza to drill.")
    private String stanza;

    @Option(names = "--pgbackrest-config", paramLabel = "FILE",
            description = "With --stanza: the pgBackRest configuration whose options (S3, cipher) for the --from repository apply (default: /etc/pgbackrest/pgbackrest.conf).")
    private Path pgbackrestConfig;

    @Option(names = "--target-time", paramLabel = "TIME",
            description = {"With --from a physical backup: recover to this point in time (ISO-8601; UTC when no zone is",
                    "given) instead of the end of the WAL archive. The copy holds exactly the commits up to it."})
    private String targetTime;

    @Option(names = "--name", paramLabel = "NAME", description = "Short source name for reports and the drill log (default: the database name).")
    private String name;

    @Option(names = "--suite", paramLabel = "FILE", description = "Verification suite, YAML or JSON (docs/verification.md).")
    private Path suiteFile;

    @Option(names = "--rto", paramLabel = "DURATION", defaultValue = "15m",
            description = "RTO budget, restore start to verification end, e.g. 15m (default: ${DEFAULT-VALUE}).")
    private String rto;

    @Option(names = "--budget", paramLabel = "PHASE=DURATION",
            description = "A phase's own budget, e.g. restore=10m; repeatable. Phases: plan, snapshot, copy, download, decrypt, restore, verify, cleanup.")
    private List<String> budgets = new ArrayList<>();

    @Option(names = "--rpo", paramLabel = "DURATION",
            description = "RPO budget: the drill fails when the restored data (or the backup) is older than this at the drill's start, e.g. 26h.")
    private String rpo;

    @Option(names = "--jobs", paramLabel = "N", description = "Parallel jobs for pg_dump and pg_restore (default: 2 to 4, by CPU count).")
    private Integer jobs;

    @Option(names = "--copy-to", paramLabel = "DIR|s3://BUCKET/PREFIX",
            description = "Recovery location for the dump (default: a directory inside the drill's work directory).")
    private String copyTo;

    @Option(names = "--recovery-region", paramLabel = "REGION", description = "AWS region of an s3:// recovery location.")
    private String recoveryRegion;

    @Option(names = "--retain-copy", description = "Keep the dump at the recovery location after the drill.")
    private boolean retainCopy;

    @Option(names = "--encrypt-to", paramLabel = "age1…",
            description = "Encrypt every dump file to this age recipient before it leaves the host; repeatable.")
    private List<String> encryptTo = new ArrayList<>();

    @Option(names = "--identity", paramLabel = "FILE", description = "age identity file to decrypt the dump (or the --from backup) for the restore.")
    private Path identity;

    @Option(names = LocalDrillOptions.PG_BIN, paramLabel = "DIR", description = "Directory with pg_dump, pg_restore, initdb, pg_ctl and postgres.")
    private Path pgBin;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "drill-reports",
            description = "Where reports and the drill log go (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = LocalDrillOptions.WORK_DIR, paramLabel = "DIR", description = "Parent of the drill's temporary directory (default: the system temp directory).")
    private Path workDir;

    @Option(names = "--compare-source",
            description = "Also count and hash the source inside the dump's own snapshot and require the restored copy to match exactly (always on for the demo).")
    private boolean compareSource;

    @Option(names = "--no-owner",
            description = "Restore without the source's owners and privileges (pg_restore --no-owner --no-privileges); they are then not compared.")
    private boolean noOwner;

    @Option(names = "--keep", description = "Leave the restored cluster running and print how to connect to it and stop it.")
    private boolean keep;

    @Option(names = "--textfile-dir", paramLabel = "DIR",
            description = "Write the drill's metrics to DIR/restore_drill_<source>.prom for node_exporter's textfile collector.")
    private Path textfileDir;

    @Option(names = "--operator", paramLabel = "NAME", description = "Who ran the drill, for the drill log (default: user@host).")
    private String operator;

    @Option(names = "--dry-run", description = "Print the plan and exit; nothing is started, contacted or written.")
    private boolean dryRun;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        if (drillFile != null) {
            return drillFile(stdout);
        }
        LocalDrillOptions options = options();
        if (dryRun) {
            stdout.println(LocalDrillPlan.describe(options));
            return DrillCommand.PASSED;
        }
        DrillOutcome outcome = new LocalDrill(options, new ConsoleProgress(stdout), Clock.systemUTC()).run();
        DrillReport report = outcome.report();
        stdout.println("Report: " + outcome.reportFiles().html() + " (also .json, .md); drill log: "
                + options.outDir().resolve("drill-log.md"));
        report.checksNotRun().forEach(check -> stdout.println("Not run: " + check.name() + " — " + check.detail()));
        if (report.passed()) {
            stdout.println("Restore drill " + report.verdictHeadline() + " — " + report.rowsVerified() + " rows verified in "
                    + Durations.format(report.rto()) + " (RTO budget " + Durations.format(report.budgets().rto()) + ")");
            return DrillCommand.PASSED;
        }
        stdout.println("Restore drill FAILED — " + report.failureReason());
        return DrillCommand.FAILED;
    }

    private LocalDrillOptions options() {
        if (sourceUrl == null && (user != null || passwordEnv != null)) {
            throw new InvalidInputException("--user and --password-env apply to --source-url, which is missing.");
        }
        if (jobs != null && (jobs < 1 || jobs > 64)) {
            throw new InvalidInputException("--jobs must be between 1 and 64, got " + jobs + ".");
        }
        requireFromConsistent();
        if (copyTo != null && copyTo.startsWith("s3://") && recoveryRegion == null) {
            throw new InvalidInputException("--copy-to " + copyTo + " needs --recovery-region, the bucket's AWS region.");
        }
        Optional<SourceDatabase> source = Optional.ofNullable(sourceUrl)
                .map(url -> SourceDatabase.fromUrl(url, user, PasswordEnv.read(passwordEnv), "$" + passwordEnv));
        Optional<ExistingBackupOptions> existing = Optional.ofNullable(from).map(location -> new ExistingBackupOptions(
                location, Optional.ofNullable(region), Optional.ofNullable(backup), Optional.ofNullable(database),
                Optional.ofNullable(gpgHome), Optional.ofNullable(manifestKey), physicalOptions()));
        VerificationSuite suite = suiteFile != null ? SuiteLoader.load(suiteFile)
                : source.isEmpty() && existing.isEmpty() ? DemoSource.suite() : VerificationSuite.defaults();
        int effectiveJobs = jobs != null ? jobs : VerificationSuite.defaultParallelism();
        return new LocalDrillOptions(source, existing, Optional.ofNullable(name), suite, suiteFile != null,
                Budgets.parse(rto, budgets, rpo, BUDGET_OPTIONS), effectiveJobs, Optional.ofNullable(copyTo), Optional.ofNullable(recoveryRegion),
                encryptTo, Optional.ofNullable(identity), Optional.ofNullable(pgBin), out,
                workDir != null ? workDir : Path.of(System.getProperty("java.io.tmpdir")),
                compareSource, keep, retainCopy, noOwner, Optional.ofNullable(textfileDir),
                operator != null ? operator : defaultOperator());
    }

    private PhysicalOptions physicalOptions() {
        if (stanza != null && walArchive != null) {
            throw new InvalidInputException("--wal-archive applies to a pg_basebackup backup; a pgBackRest repository"
                    + " (--stanza) holds its own WAL archive. Drop one of them.");
        }
        if (pgbackrestConfig != null && stanza == null) {
            throw new InvalidInputException("--pgbackrest-config applies to --stanza, which is missing.");
        }
        return new PhysicalOptions(Optional.ofNullable(walArchive), Optional.ofNullable(stanza),
                Optional.ofNullable(pgbackrestConfig),
                Optional.ofNullable(targetTime).map(time -> TargetTime.parse(time, "--target-time")));
    }

    /** Every database of the drill file, one after another; exit 0 only when every one passed. */
    private int drillFile(PrintWriter stdout) {
        List<String> conflicting = new ArrayList<>();
        for (var option : spec.commandLine().getParseResult().matchedOptions()) {
            if (DRILL_FILE_SETS.contains(option.longestName())) {
                conflicting.add(option.longestName());
            }
        }
        if (!conflicting.isEmpty()) {
            throw new InvalidInputException("--drill-file sets the sources, suites and budgets of its databases, so "
                    + String.join(", ", conflicting) + " cannot be given with it; write them into the file.");
        }
        DrillFile file = DrillFile.load(drillFile);
        Optional<Path> keys = identity != null ? Optional.of(identity) : DrillFile.identity(drillFile);
        LocalDrillOptions common = new LocalDrillOptions(Optional.empty(), Optional.empty(), Optional.empty(),
                VerificationSuite.defaults(), false, Budgets.defaults(),
                jobs != null ? jobs : VerificationSuite.defaultParallelism(), Optional.empty(), Optional.empty(), List.of(),
                keys, Optional.ofNullable(pgBin), out, workDir != null ? workDir : Path.of(System.getProperty("java.io.tmpdir")),
                false, keep, false, noOwner, Optional.ofNullable(textfileDir), operator != null ? operator : defaultOperator());
        if (dryRun) {
            file.databases().forEach(db -> stdout.println(LocalDrillPlan.describe(common.forDatabase(db))));
            return DrillCommand.PASSED;
        }
        Clock clock = Clock.systemUTC();
        String runId = DrillIds.next(clock);
        java.time.Instant startedAt = clock.instant();
        List<DatabaseDrills.Result> results = DatabaseDrills.run(file, common, new ConsoleProgress(stdout), clock);
        Path runsDir = out.resolve("runs");
        Path runReport = DrillFileReport.of(runId, drillFile, common.operator(), startedAt, clock.instant(), results, runsDir)
                .write(runsDir);
        stdout.println();
        stdout.println("Databases of " + drillFile + ":");
        List<String> failed = new ArrayList<>();
        for (DatabaseDrills.Result result : results) {
            String line;
            if (result.outcome().isPresent()) {
                DrillReport report = result.outcome().get().report();
                line = String.format("  %-20s %-7s %s", result.database(), report.passed() ? "PASSED" : "FAILED",
                        report.passed() ? report.rowsVerified() + " rows, RTO " + Durations.format(report.rto())
                                + ", backup of " + (report.snapshot() == null ? "?" : report.snapshot().takenAt()) + " — "
                                + result.outcome().get().reportFiles().html()
                                : report.failureReason());
            } else {
                line = String.format("  %-20s %-7s %s", result.database(), "NOT RUN", result.couldNotRun().orElse(""));
            }
            stdout.println(line);
            if (!result.passed()) {
                failed.add(result.database());
            }
        }
        stdout.println("Run report: " + runReport + " (also .json)");
        if (failed.isEmpty()) {
            stdout.println("Restore drill PASSED — all " + results.size() + " databases restored and verified.");
            return DrillCommand.PASSED;
        }
        stdout.println("Restore drill FAILED — " + failed.size() + " of " + results.size() + " databases did not pass: "
                + String.join(", ", failed) + ".");
        return DrillCommand.FAILED;
    }

    /** The budget options, as an error names them. */
    private static final Budgets.Names BUDGET_OPTIONS = new Budgets.Names("--rto", "--budget %s", "--rpo");

    /** Options a drill file sets for each of its databases. */
    private static final java.util.Set<String> DRILL_FILE_SETS = java.util.Set.of("--from", "--source-url", "--suite",
            "--backup", "--database", "--region", "--gpg-homedir", "--manifest-key", "--rto", "--rpo", "--budget", "--name",
            "--compare-source", "--copy-to", "--encrypt-to", "--retain-copy", "--user", "--password-env", "--wal-archive",
            "--stanza", "--pgbackrest-config", "--target-time");

    /** --from restores a backup someone else made: the options of a drill that dumps and copies do not apply. */
    private void requireFromConsistent() {
        if (from == null) {
            List<String> fromOnly = given(Map.of("--backup", backup != null, "--database", database != null,
                    "--region", region != null, "--gpg-homedir", gpgHome != null, "--manifest-key", manifestKey != null,
                    "--wal-archive", walArchive != null, "--stanza", stanza != null, "--pgbackrest-config",
                    pgbackrestConfig != null, "--target-time", targetTime != null));
            if (!fromOnly.isEmpty()) {
                throw new InvalidInputException(String.join(", ", fromOnly) + " appl" + (fromOnly.size() == 1 ? "ies" : "y")
                        + " to --from, which is missing.");
            }
            return;
        }
        List<String> conflicting = given(Map.of("--source-url", sourceUrl != null, "--compare-source", compareSource,
                "--copy-to", copyTo != null, "--retain-copy", retainCopy, "--encrypt-to", !encryptTo.isEmpty()));
        if (!conflicting.isEmpty()) {
            throw new InvalidInputException("--from restores an existing backup, so " + String.join(", ", conflicting)
                    + (conflicting.size() == 1 ? ", which dumps a source, does" : ", which dump a source, do")
                    + " not apply; drop " + (conflicting.size() == 1 ? "it" : "them") + ".");
        }
    }

    /** The options of {@code given} that are set, in the order of the command's help. */
    private List<String> given(Map<String, Boolean> given) {
        return spec.options().stream().map(option -> option.longestName())
                .filter(name -> given.getOrDefault(name, false)).toList();
    }

    private static String defaultOperator() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return System.getProperty("user.name") + "@" + host;
    }
}
