package io.restoredrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.restoredrill.core.postgres.OsUser;
import io.restoredrill.testing.PostgresFixture;
import java.io.IOException;
import java.nio.file.attribute.PosixFilePermissions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input at the command line: exit 2, one sentence naming the problem, nothing created. */
class CommandLineErrorsTest {

    @TempDir
    Path tmp;

    private Path work;
    private Path out;

    private record Run(int exitCode, String stdout, String stderr) {
    }

    @BeforeEach
    void dirs() throws IOException {
        PostgresFixture.reachableByServer(tmp);
        work = Files.createDirectories(tmp.resolve("work"));
        out = tmp.resolve("out");
    }

    private Run drill(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (all.size() > 0 && all.get(0).equals("local")) {
            all.addAll(List.of("--work-dir", work.toString(), "--out", out.toString()));
        }
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int code = DrillCommand.execute(all.toArray(String[]::new), new PrintWriter(stdout), new PrintWriter(stderr));
        return new Run(code, stdout.toString(), stderr.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "local --rto banana                     | --rto: 'banana' is not a positive duration; use forms like 90s, 15m, 1h30m or 2d.",
        "local --rto 0m                         | --rto: '0m' is not a positive duration",
        "local --budget restore                 | Budget 'restore' is not of the form PHASE=DURATION, e.g. restore=10m.",
        "local --budget nap=5m                  | Budget 'nap=5m': unknown phase 'nap'",
        "local --budget restore=5m --budget Restore=6m | Budget for phase Restore is given twice.",
        "local --user someone                   | --user and --password-env apply to --source-url, which is missing.",
        "local --budget publish=1s              | Publish has no budget",
        "local --jobs 0                         | --jobs must be between 1 and 64, got 0.",
        "local --copy-to s3://bucket/prefix     | --copy-to s3://bucket/prefix needs --recovery-region",
        "local --source-url db.internal/shop    | --source-url is not a connection string: write postgresql://HOST:PORT/DATABASE",
        "local --source-url postgresql://reader:s3cret@h/db | Do not put the password in --source-url",
        "local --source-url host=a,b            | --source-url names several hosts (a,b)",
        "local --source-url service=no-such-service | Service 'no-such-service' is not defined in a connection service file",
        "local --source-url host=/var/run/postgresql | a drill connects over TCP",
        "local --from /backups --compare-source | --from restores an existing backup, so --compare-source, which dumps a source, does not apply",
        "local --backup shop.dump               | --backup applies to --from, which is missing.",
        "local --from /no/such/backups          | --from /no/such/backups does not exist",
        "local --rpo never                      | --rpo: 'never' is not a positive duration",
        "local --drill-file monthly.yaml --rto 5m | --drill-file sets the sources, suites and budgets of its databases, so --rto cannot be given with it",
        "local --drill-file /no/such/monthly.yaml | Drill file /no/such/monthly.yaml cannot be read",
        "local --source-url jdbc:postgresql://reader:s3cret@h/db | Do not put credentials in --source-url",
        "local --source-url jdbc:postgresql://h/db?password=s3cret --user u | Do not put the password in --source-url",
        "local --encrypt-to age1qqqq            | --encrypt-to needs --identity FILE",
        "local --target-time 2026-12-06T10:00:00Z | --target-time applies to --from, which is missing.",
        "local --from /tmp --stanza main --wal-archive /tmp | --wal-archive applies to a pg_basebackup backup; a pgBackRest repository (--stanza) holds its own WAL archive.",
        "local --from /tmp --pgbackrest-config /etc/pgbackrest.conf | --pgbackrest-config applies to --stanza, which is missing.",
        "local --from /tmp --stanza main --target-time noon | --target-time 'noon' is not a time",
        "local --from /no/such/repo --stanza main | --from /no/such/repo is not a directory; give the pgBackRest repository's path",
        "local --from /tmp --stanza bad/name    | --stanza 'bad/name' is not a pgBackRest stanza name.",
        "local --frobnicate                     | Unknown option: '--frobnicate'",
        "frobnicate                             | Unmatched argument at index 0: 'frobnicate'",
    })
    void badArgumentsExitTwoWithASentenceAndCreateNothing(String args, String message) {
        // WHEN the command line is wrong
        Run run = drill(args.trim().split(" +"));

        // THEN exit 2 with the sentence (never echoing a secret), and no report, work directory or process left
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(2);
        assertThat(run.stderr()).contains(message).doesNotContain("s3cret");
        assertThat(out).doesNotExist();
        Leftovers.assertNone(work);
    }

    @Test
    void aBackupWithBadKeysOrLocationExitsTwoBeforeAnythingIsDumpedOrStored() throws Exception {
        // GIVEN a real signing key, and a location that does not exist yet
        Path key = SigningKeys.generate(tmp, "signing").privateKey();
        String to = tmp.resolve("backups").toString();
        String unreachable = "postgresql://nightly@127.0.0.1:" + freePort() + "/shop";
        List<List<String>> cases = List.of(
                List.of("--signing-key", key.toString(), "--unencrypted",
                        "Missing required option: '--to=DIR|s3://BUCKET/PREFIX'"),
                List.of("--to", to, "--signing-key", key.toString(), "drill backup encrypts every backup: give --encrypt-to"),
                List.of("--to", to, "--signing-key", key.toString(), "--encrypt-to", "age1qqqq",
                        "Recipient 'age1qqqq' is not an age X25519 public key"),
                List.of("--to", to, "--signing-key", key.toString(), "--encrypt-to", "age1qqqq", "--gpg-recipient", "ops",
                        "--encrypt-to (age) and --gpg-recipient (gpg) cannot both be given"),
                List.of("--to", to, "--signing-key", tmp.resolve("no-such.pem").toString(), "--unencrypted",
                        "--signing-key " + tmp.resolve("no-such.pem") + " cannot be read"),
                List.of("--to", to, "--signing-key", key.resolveSibling("signing.pub").toString(), "--unencrypted",
                        "holds no PEM 'PRIVATE KEY' block"),
                List.of("--to", to, "--signing-key", key.toString(), "--unencrypted", "--keep-daily", "-1",
                        "cannot be negative"),
                List.of("--to", "ftp://backups/nightly", "--signing-key", key.toString(), "--unencrypted",
                        "--to ftp://backups/nightly uses an unsupported scheme"),
                List.of("--to", "s3://Bad_Bucket/x", "--signing-key", key.toString(), "--unencrypted",
                        "--to s3://Bad_Bucket/x does not name a valid S3 bucket"),
                List.of("--source-url", unreachable, "--to", to, "--signing-key", key.toString(), "--unencrypted", "--dry-run",
                        "Cannot reach the source database at 127.0.0.1:"));
        for (List<String> arguments : cases) {
            // WHEN drill backup is run with them
            List<String> command = new ArrayList<>(List.of("backup"));
            command.addAll(arguments.subList(0, arguments.size() - 1));
            command.addAll(List.of("--work-dir", work.toString()));
            Run run = drill(command.toArray(String[]::new));

            // THEN it exits 2 with the sentence, and nothing is created
            assertThat(run.exitCode()).as(String.join(" ", command) + "\n" + run.stderr()).isEqualTo(2);
            assertThat(run.stderr()).as(String.join(" ", command)).contains(arguments.get(arguments.size() - 1));
            assertThat(run.stdout()).doesNotContain("▶");
        }
        assertThat(tmp.resolve("backups")).doesNotExist();
        assertThat(work).isEmptyDirectory();
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void noCommandAtAllExplainsWhatToRun() {
        Run run = drill();
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("Missing command: try 'drill local'.");
    }

    @Test
    void aMalformedSuiteFileIsRejectedWithItsLine() throws IOException {
        // GIVEN a suite whose third line is broken YAML, and one with a misspelt field
        Path broken = Files.writeString(tmp.resolve("broken.yaml"), "tables: [a, b]\nsql:\n  - name: x\n    query: [unclosed\n");
        Path misspelt = Files.writeString(tmp.resolve("misspelt.yaml"), "rowcount:\n  - {table: a, min: 1}\n");

        // WHEN each is given to a drill
        Run first = drill("local", "--suite", broken.toString());
        Run second = drill("local", "--suite", misspelt.toString());

        // THEN both exit 2 naming the file, and the line or the unknown field
        assertThat(first.exitCode()).isEqualTo(2);
        assertThat(first.stderr()).contains("Suite file " + broken).contains("line 4");
        assertThat(second.exitCode()).isEqualTo(2);
        assertThat(second.stderr()).contains("unknown field 'rowcount'").contains("rowCount");
        Leftovers.assertNone(work);
    }

    @Test
    void aFileThatIsNotASuiteIsRefusedByWhatItIsWithoutEchoingIt() throws IOException {
        // GIVEN a text file given as the suite by mistake, holding something nobody should see in a terminal or a CI log
        Path notes = Files.writeString(tmp.resolve("notes.txt"), "On-call notes.\nThe replica password is hunter2-do-not-share\n"
                + "more notes\n".repeat(30));

        // WHEN it is given to a drill
        Run run = drill("local", "--suite", notes.toString());

        // THEN it exits 2 saying the file is not a suite, and repeats none of it
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("Suite file " + notes + " is not a suite").doesNotContain("hunter2")
                .doesNotContain("more notes").doesNotContain("On-call");
        Leftovers.assertNone(work);
    }

    @Test
    void anOutOrCopyToThatIsAFileIsRefusedBeforeAnythingRuns() throws IOException {
        // GIVEN a plain file where a directory is expected
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");

        // WHEN it is given as --out, then as --copy-to
        StringWriter errOut = new StringWriter();
        int outCode = DrillCommand.execute(new String[] {"local", "--out", file.toString(), "--work-dir", work.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(errOut));
        Run copyTo = drill("local", "--copy-to", file.toString());

        // THEN both exit 2 at Plan, naming the option; nothing was dumped or left
        assertThat(outCode).isEqualTo(2);
        assertThat(errOut.toString()).contains("--out " + file + " is a file, not a directory");
        assertThat(copyTo.exitCode()).isEqualTo(2);
        assertThat(copyTo.stderr()).contains("--copy-to " + file + " is a file, not a directory");
        Leftovers.assertNone(work);
    }

    @Test
    void anOutThatCannotBeCreatedIsRefusedAtPlanAndTheProbeLeavesNothing() throws IOException {
        // GIVEN an --out below a plain file (it can never be created), and one in /proc
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        Path belowFile = file.resolve("reports");

        // WHEN a drill is started with each
        StringWriter belowFileErr = new StringWriter();
        int belowFileCode = DrillCommand.execute(new String[] {"local", "--out", belowFile.toString(),
            "--work-dir", work.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(belowFileErr));
        StringWriter procErr = new StringWriter();
        int procCode = DrillCommand.execute(new String[] {"local", "--out", "/proc/restore-drill-reports",
            "--work-dir", work.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(procErr));

        // THEN both exit 2 at Plan, before a dump, with the reason; nothing was created anywhere
        assertThat(belowFileCode).isEqualTo(2);
        assertThat(belowFileErr.toString()).contains("--out " + belowFile + " cannot be created (")
                .contains("name a directory you can write to").doesNotContain("Snapshot");
        assertThat(procCode).isEqualTo(2);
        assertThat(procErr.toString()).contains("--out /proc/restore-drill-reports cannot be created (");
        assertThat(Path.of("/proc/restore-drill-reports")).doesNotExist();
        Leftovers.assertNone(work);
    }

    @Test
    void verifyingADrillLogWhereThereIsNoneIsAnErrorNotASuccess() {
        // GIVEN a directory without a drill log (a mistyped --dir, or a log deleted whole)
        Path noLog = tmp.resolve("reports-typo");

        // WHEN the log is verified there
        Run run = drill("log", "verify", "--dir", noLog.toString());

        // THEN exit 2 naming the file it looked for and the fix, not "intact"
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("There is no drill log at " + noLog.resolve("drill-log.jsonl"))
                .contains("pass --dir");
        assertThat(run.stdout()).doesNotContain("intact");
        assertThat(noLog).doesNotExist();
    }

    @Test
    void aWorkDirectoryThatDoesNotExistIsRefusedAndNotCreated() {
        // GIVEN a --work-dir that does not exist
        Path missing = tmp.resolve("no-such-parent").resolve("work");

        // WHEN a drill is started there
        StringWriter stderr = new StringWriter();
        int code = DrillCommand.execute(new String[] {"local", "--work-dir", missing.toString(), "--out", out.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(stderr));

        // THEN exit 2 naming it and the fix; the drill did not create it (nor its parent)
        assertThat(code).isEqualTo(2);
        assertThat(stderr.toString()).contains("The work directory " + missing + " does not exist")
                .contains("create it or give --work-dir an existing directory");
        assertThat(tmp.resolve("no-such-parent")).doesNotExist();
        assertThat(out).doesNotExist();
    }

    @Test
    void anIdentityThatCannotOpenTheRecipientsIsRefusedAtPlanBeforeAnythingIsDumped() throws Exception {
        // GIVEN two key pairs from the standard age-keygen: encrypt to the first, offer the second's identity
        String recipient = AgeKeygen.generate(tmp.resolve("first.key"));
        AgeKeygen.generate(tmp.resolve("second.key"));

        // WHEN a drill is started with them
        Run run = drill("local", "--encrypt-to", recipient, "--identity", tmp.resolve("second.key").toString());

        // THEN exit 2 at Plan, naming the identity file, before Snapshot ever starts; nothing left
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(2);
        assertThat(run.stderr()).contains("No key in identity file " + tmp.resolve("second.key")
                + " matches any --encrypt-to recipient");
        assertThat(run.stdout()).doesNotContain("▶ Snapshot");
        assertThat(out).doesNotExist();
        Leftovers.assertNone(work);
    }

    @Test
    void aPgBinDirectoryWithoutTheProgramsNamesWhatIsMissing() throws IOException {
        // GIVEN an empty directory passed as --pg-bin
        Path empty = Files.createDirectories(tmp.resolve("empty-bin"));

        // WHEN the drill starts
        Run run = drill("local", "--pg-bin", empty.toString());

        // THEN exit 2 naming the missing programs and the fix; nothing left behind
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(2);
        assertThat(run.stderr()).contains("--pg-bin " + empty + " lacks pg_dump, pg_restore, initdb, pg_ctl, postgres");
        assertThat(out).doesNotExist();
        Leftovers.assertNone(work);
    }

    @Test
    void asRootAWorkDirectoryThePostgresUserCannotReachIsNamed() throws IOException {
        // This situation only exists as root, when the servers run as the postgres user.
        org.junit.jupiter.api.Assumptions.assumeTrue(OsUser.isRoot(), "only root hands clusters to the postgres user");
        // GIVEN a work directory inside a private (0700) directory
        Path hidden = Files.createDirectories(tmp.resolve("private"));
        Files.setPosixFilePermissions(hidden, PosixFilePermissions.fromString("rwx------"));
        Path inner = Files.createDirectories(hidden.resolve("work"));

        // WHEN the drill runs there
        StringWriter stderr = new StringWriter();
        int code = DrillCommand.execute(new String[] {"local", "--work-dir", inner.toString(), "--out", out.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(stderr));

        // THEN exit 2 naming the unreachable directory and the fix, and nothing left
        assertThat(code).isEqualTo(2);
        assertThat(stderr.toString()).contains(hidden + " is not searchable by other users; give --work-dir a directory it can reach");
        Leftovers.assertNone(inner);
    }

    @Test
    void aDryRunPrintsThePlanAndTouchesNothing() {
        // WHEN a dry run is asked for with budgets and encryption
        Run run = drill("local", "--dry-run", "--rto", "20m", "--budget", "restore=10m", "--jobs", "3");

        // THEN the plan names the phases, budgets and tools, and nothing was created
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("Restore drill plan (dry run")
                .contains("Plan → Snapshot → Copy → Restore → Verify → Cleanup → Publish")
                .contains("RTO 20m 00s; restore 10m 00s")
                .contains("pg_dump --format=directory --jobs=3")
                .containsPattern("PostgreSQL: +\\d+");
        assertThat(out).doesNotExist();
        Leftovers.assertNone(work);
    }
}
