package io.restoredrill.local;

import io.restoredrill.core.model.Phase;
import io.restoredrill.core.postgres.PgBinaries;
import io.restoredrill.core.time.Durations;
import io.restoredrill.core.verify.suite.VerificationSuite;
import io.restoredrill.local.existing.ExistingBackupOptions;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** What {@code drill local --dry-run} prints: the drill as it would run, touching nothing. */
public final class LocalDrillPlan {

    private LocalDrillPlan() {
    }

    public static String describe(LocalDrillOptions options) {
        PgBinaries binaries = PgBinaries.find(options.pgBin(), LocalDrillOptions.PG_BIN, 0);
        VerificationSuite suite = options.suite();
        StringBuilder plan = new StringBuilder("Restore drill plan (dry run: nothing is started, contacted or written)\n");
        if (options.from().isPresent()) {
            ExistingBackupOptions from = options.from().get();
            line(plan, "Backup", from.backup().map(name -> name + " at ").orElse("the newest backup at ") + from.location()
                    + from.database().map(db -> " of database " + db).orElse(""));
        } else {
            line(plan, "Source", options.source().map(s -> s.displayUrl() + ", read-only (pg_dump only)")
                    .orElse("demo: a generated shop database in a throwaway cluster"));
        }
        line(plan, "Phases", (options.physicalBackup() ? LocalDrill.PHYSICAL_BACKUP_PHASES
                : options.existingBackup() ? LocalDrill.EXISTING_BACKUP_PHASES : LocalDrill.PHASES).stream()
                .map(Phase::displayName).collect(Collectors.joining(" → ")));
        line(plan, "Budgets", "RTO " + Durations.format(options.budgets().rto()) + phaseBudgets(options.budgets().phases())
                + (options.budgets().rpo() == null ? "" : "; RPO " + Durations.format(options.budgets().rpo())));
        if (options.physicalBackup()) {
            ExistingBackupOptions from = options.from().get();
            line(plan, "Restore", (from.physical().pgBackRest() ? "pgbackrest restore of stanza "
                    + from.physical().stanza().get() : "pg_basebackup archive unpacked") + " into the drill's directory; the"
                    + " source's configuration set aside; WAL replayed " + from.physical().walArchive()
                    .map(dir -> "from " + dir + " ").orElse("") + "read-only to "
                    + from.physical().targetTime().map(time -> "target time " + time).orElse("the end of the archive")
                    + " in a copy on 127.0.0.1 that archives nothing and follows no primary; a gap in the WAL or a missing"
                    + " backup_label fails the drill");
            line(plan, "Verify", "row counts, content hashes, no empty copy, schema and tables against the previous drill"
                    + " of this backup; your suite's rules");
            line(plan, "Reports", options.outDir() + "/<source>/<drill id>.{json,md,html}; the restore point reached");
            return plan.toString().stripTrailing();
        }
        if (options.existingBackup()) {
            line(plan, "Restore", "decrypted and decompressed into the drill's private directory; pg_restore (psql for plain"
                    + " SQL) into a new cluster on 127.0.0.1 with the roles the dump names (no login, no power)");
            line(plan, "Verify", options.from().get().manifestKey()
                    .map(key -> "the manifest's signature (" + key + ") and the backup's SHA-256 first; every table's rows"
                            + " and content hash, the schema, owners and privileges against the manifest, exactly; ")
                    .orElse("") + "row counts, content hashes, no empty copy, server version against the dump's, schema"
                    + " and tables against the previous drill of this backup; your suite's rules");
            line(plan, "Reports", options.outDir() + "/<backup's database>/<drill id>.{json,md,html}");
            return plan.toString().stripTrailing();
        }
        line(plan, "Snapshot", "pg_dump --format=directory --jobs=" + options.jobs() + " + SHA-256 manifest"
                + (options.encrypted() ? ", encrypted to " + options.encryptTo().size() + " age recipient(s)" : ""));
        line(plan, "Copy to", options.copyTo().map(c -> c + (options.retainCopy() ? " (kept)" : " (removed at Cleanup)"))
                .orElse("a directory inside the drill's work directory under " + options.workParent()));
        line(plan, "Restore", "new cluster on 127.0.0.1, random port, per-drill password; pg_restore --jobs=" + options.jobs()
                + (options.noOwner() ? " --no-owner --no-privileges" : " with the source's roles (no login, no power), owners "
                + "and privileges") + (options.keep() ? "; left running (--keep)" : ""));
        line(plan, "Verify", "row counts, content hashes" + (suite.amcheck() ? ", amcheck" : "")
                + ", schema and table sizes against the source's catalog at the snapshot"
                + (options.compareSource() || options.demo() ? ", exact match with the source's snapshot" : "")
                + ", previous drill; " + suite.tables().size() + " expected tables, " + suite.rowCount().size()
                + " row-count, " + suite.freshness().size() + " freshness and " + suite.sql().size() + " SQL rules; "
                + suite.parallelism() + " connections, " + Durations.format(suite.checkTimeout()) + " per check");
        line(plan, "Reports", options.outDir() + "/<source>/<drill id>.{json,md,html}, drill log "
                + options.outDir().resolve("drill-log.jsonl"));
        line(plan, "PostgreSQL", binaries.version() + " in " + binaries.dir()
                + (options.demo() ? "" : " (a version ≥ the source's is chosen at Plan)"));
        return plan.toString().stripTrailing();
    }

    private static String phaseBudgets(Map<Phase, Duration> phases) {
        return phases.isEmpty() ? "" : "; " + phases.entrySet().stream()
                .map(e -> e.getKey().displayName().toLowerCase() + " " + Durations.format(e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static void line(StringBuilder plan, String label, String value) {
        plan.append(String.format("  %-11s %s%n", label + ":", value));
    }
}
