package io.restoredrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.restoredrill.core.model.DrillReport;
import io.restoredrill.core.postgres.PgBinaries;
import io.restoredrill.core.verify.CheckResult;
import io.restoredrill.testing.EveryKindSchema;
import io.restoredrill.testing.PostgresFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * End to end: one broken backup of every kind a drill must catch, each made for real, and the default drill of a
 * sound source ending FAILED with the fault named (docs/verification.md lists them with what pg_restore's exit code
 * alone says).
 *
 * <p>A broken backup is made by the drill's own pg_dump: the drill gets a {@code --pg-bin} whose programs are this
 * machine's, except a pg_dump that dumps a broken twin of the source instead (a database of the same name, made by
 * the same SQL with one fault, in a second cluster), passes pg_dump an option that leaves something out, or damages
 * the dump it wrote. The source itself is always whole, and the drill reads its catalog and roles as usual.
 */
class BrokenBackupCorpusTest {

    private static PostgresFixture source;
    /** Where the broken twins of the source are made: a database {@code shop} made afresh for each fault. */
    private static PostgresFixture twins;

    @TempDir
    Path tmp;

    /**
     * @param brokenTwin SQL that makes the broken twin the backup is taken of, or {@code null} to dump the source
     * @param dumpOf     another database of the source's cluster to dump instead, or {@code null}
     * @param options    extra pg_dump options
     * @param afterDump  shell commands run once pg_dump wrote {@code $target}, the dump's directory
     * @param drillArgs  extra arguments to {@code drill local}
     * @param failedCheck the check that names the fault, or {@code null} when a phase fails before Verify
     * @param named      what the drill's last line (or the failed check's detail) says
     */
    record Fault(String name, String brokenTwin, String dumpOf, String options, String afterDump, List<String> drillArgs,
                 String failedCheck, String named) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Fault> faults() {
        String largestDataFile = "f=$(ls -S \"$target\"/*.dat.gz | head -1); size=$(stat -c %s \"$f\"); ";
        return Stream.of(
                new Fault("a table without its data", null, null, "--exclude-table-data=billing.notes", "", List.of(),
                        "billing.notes", "The restored table has 0 rows; the source held 25 at the snapshot"),
                new Fault("lost rows", "DELETE FROM billing.notes WHERE id > 20", null, "", "", List.of(),
                        "billing.notes", "The restored table has 20 rows; the source held 25 at the snapshot"),
                new Fault("a missing table", null, null, "--exclude-table=billing.notes", "", List.of(),
                        "source tables", "Missing from the restored copy: billing.notes"),
                new Fault("a missing function", "DROP FUNCTION billing.invoice_total(bigint)", null, "", "", List.of(),
                        "functions and procedures", "Missing from the copy: billing.invoice_total(bigint)"),
                new Fault("a missing view", "DROP VIEW billing.open_invoices", null, "", "", List.of(),
                        "views", "Missing from the copy: billing.open_invoices"),
                new Fault("a missing index", "DROP INDEX billing.payments_invoice", null, "", "", List.of(),
                        "indexes", "Missing from the copy: billing.payments_invoice"),
                new Fault("a sequence reset", "SELECT setval('billing.invoices_id_seq', 1)", null, "", "", List.of(),
                        "sequence values", "billing.invoices_id_seq (at 1 in the copy; the source was at 40"),
                new Fault("a materialized view without data", "REFRESH MATERIALIZED VIEW billing.daily WITH NO DATA", null,
                        "", "", List.of(), "materialized views", "billing.daily (populated"),
                new Fault("lost grants", null, null, "--no-privileges", "", List.of(),
                        "owners and privileges", "Other privileges: schema billing"),
                new Fault("another owner", "ALTER TABLE billing.notes OWNER TO reporting", null, "", "", List.of(),
                        "owners and privileges", "table billing.notes (app in the source, reporting in the copy)"),
                new Fault("the wrong database", null, "wrong_database", "", "", List.of(),
                        null, "The backup is of database wrong_database, not shop"),
                new Fault("an empty database", "DROP SCHEMA billing CASCADE; DROP EXTENSION hstore; "
                        + "SELECT lo_unlink(oid) FROM pg_largeobject_metadata", null, "", "", List.of(),
                        "user data", "no user table"),
                new Fault("an object owned by a missing role", "CREATE ROLE ghost; ALTER TABLE billing.notes OWNER TO ghost",
                        null, "", "", List.of(), null, "role \"ghost\" does not exist"),
                new Fault("a truncated archive", null, null, "", largestDataFile + "truncate -s $((size / 2)) \"$f\"", List.of(),
                        null, "pg_restore failed"),
                new Fault("a corrupted data file", null, null, "",
                        largestDataFile + "printf '\\377\\377\\377\\377' | dd of=\"$f\" bs=1 seek=$((size / 2)) conv=notrunc status=none",
                        List.of(), null, "pg_restore failed"),
                new Fault("a changed value in an uncompressed dump", "UPDATE billing.notes SET body = 'forged' WHERE id = 7",
                        null, "--compress=0", "", List.of("--compare-source"),
                        "billing.notes", "Same row count, but the content differs from the source"));
    }

    @BeforeAll
    static void createSource() {
        source = PostgresFixture.start();
        source.createDatabase("shop");
        source.execute("shop", EveryKindSchema.SQL);
        source.createDatabase("wrong_database");
        source.execute("wrong_database", "CREATE TABLE visits (id int PRIMARY KEY); INSERT INTO visits VALUES (1), (2)");
        twins = PostgresFixture.start();
        twins.createDatabase("whole");
        twins.execute("whole", EveryKindSchema.SQL);
    }

    @AfterAll
    static void stopSource() {
        try {
            source.close();
        } finally {
            twins.close();
        }
    }

    @Test
    void theSoundSourcePassesWithEveryKindOfObjectComparedOwnersIncluded() throws IOException {
        // GIVEN the source dumped by the machine's own pg_dump
        // WHEN the default drill runs
        DrillProcess.Result result = drill(binaries(null), List.of());

        // THEN it passes, having compared every kind of object, owners and privileges, sequences and large objects
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.lastLine()).startsWith("Restore drill PASSED — ");
        assertThat(result.stdout()).contains("with the source's").contains("roles, owners and privileges");
        DrillReport report = Reports.only(tmp.resolve("out"));
        assertThat(report.verification().checks()).extracting(CheckResult::name).contains("functions and procedures",
                "views", "materialized views", "triggers", "row-level security policies", "owners and privileges",
                "sequence values", "large objects");
    }

    @Test
    void restoredWithoutOwnersTheDrillPassesSayingOwnersAndPrivilegesWereNotCompared() throws IOException {
        // GIVEN the sound source
        // WHEN it is drilled with --no-owner
        DrillProcess.Result result = drill(binaries(null), List.of("--no-owner"));

        // THEN the pass says it proved less: the line before the verdict names the check not run and why
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.stdout()).contains("without owners and privileges (--no-owner)");
        List<String> lines = result.stdout().lines().toList();
        assertThat(lines.get(lines.size() - 2)).isEqualTo("Not run: owners and privileges — Owners and privileges were "
                + "not compared: the copy was restored without them (pg_restore --no-owner).");
        assertThat(result.lastLine()).startsWith("Restore drill PASSED with 1 check not run — ");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void aBrokenBackupFailsTheDrillNamingTheFault(Fault fault) throws IOException {
        // GIVEN a backup broken in one way, of a source that is whole
        Path bin = binaries(fault);

        // WHEN the default drill runs (with any extra arguments the fault lists)
        DrillProcess.Result result = drill(bin, fault.drillArgs());

        // THEN it fails (exit 1), its last line names the fault, and nothing is left behind
        assertThat(result.exitCode()).as(result.all()).isEqualTo(DrillCommand.FAILED);
        assertThat(result.lastLine()).startsWith("Restore drill FAILED — ");
        if (fault.failedCheck() == null) {
            assertThat(result.lastLine()).contains(fault.named());
        } else {
            DrillReport report = Reports.only(tmp.resolve("out"));
            assertThat(report.verification()).as(result.all()).isNotNull();
            assertThat(report.verification().failures()).extracting(CheckResult::name).contains(fault.failedCheck());
            assertThat(report.verification().failures()).filteredOn(c -> c.name().equals(fault.failedCheck()))
                    .singleElement().satisfies(c -> assertThat(c.detail()).contains(fault.named()));
        }
        Leftovers.assertNone(work());
    }

    private DrillProcess.Result drill(Path bin, List<String> extra) {
        List<String> args = new ArrayList<>(List.of("local", "--source-url",
                "jdbc:postgresql://127.0.0.1:" + source.cluster().port() + "/shop", "--user", "drill",
                "--password-env", "SOURCE_PW", "--pg-bin", bin.toString(), "--out", tmp.resolve("out").toString(),
                "--work-dir", work().toString()));
        args.addAll(extra);
        return DrillProcess.run(Map.of("SOURCE_PW", source.cluster().password()), args.toArray(String[]::new));
    }

    /** This machine's PostgreSQL programs, with a pg_dump that makes the fault's broken backup. */
    private Path binaries(Fault fault) throws IOException {
        Path real = PgBinaries.find(Optional.empty(), "PATH", 0).program("pg_dump").getParent();
        Path bin = Files.createDirectories(PostgresFixture.reachableByServer(tmp).resolve("bin"));
        try (Stream<Path> programs = Files.list(real)) {
            for (Path program : programs.toList()) {
                if (fault == null || !program.getFileName().toString().equals("pg_dump")) {
                    Files.createSymbolicLink(bin.resolve(program.getFileName()), program);
                }
            }
        }
        if (fault == null) {
            return bin;
        }
        String redirect = "";
        if (fault.dumpOf() != null) {
            redirect = "export PGDATABASE=" + fault.dumpOf();
        } else if (fault.brokenTwin() != null) {
            twins.execute("postgres", "DROP DATABASE IF EXISTS shop");
            twins.execute("postgres", "CREATE DATABASE shop TEMPLATE whole");
            twins.execute("shop", fault.brokenTwin());
            redirect = "export PGPORT=" + twins.cluster().port() + " PGPASSWORD=" + twins.cluster().password();
        }
        Path wrapper = bin.resolve("pg_dump");
        Files.writeString(wrapper, """
                #!/bin/bash
                # pg_dump making a broken backup: %s
                bin=%s
                redirect='%s'
                args=(); target=
                for a in "$@"; do
                  case "$a" in
                    --version|-V) exec "$bin/pg_dump" "$@" ;;
                    --snapshot=*) [ -n "$redirect" ] || args+=("$a") ;;
                    --file=*) target="${a#--file=}"; args+=("$a") ;;
                    *) args+=("$a") ;;
                  esac
                done
                eval "$redirect"
                "$bin/pg_dump" "${args[@]}" %s || exit $?
                %s
                """.formatted(fault.name(), real, redirect, fault.options(), fault.afterDump()));
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    private Path work() {
        try {
            return Files.createDirectories(PostgresFixture.reachableByServer(tmp).resolve("work"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
