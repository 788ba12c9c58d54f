package io.restoredrill.core.report;

import io.restoredrill.core.model.Budgets;
import io.restoredrill.core.model.DrillReport;
import io.restoredrill.core.model.Phase;
import io.restoredrill.core.model.PhaseResult;
import io.restoredrill.core.model.PhaseStatus;
import io.restoredrill.core.model.SnapshotInfo;
import io.restoredrill.core.model.SourceInfo;
import io.restoredrill.core.model.Verdict;
import io.restoredrill.core.verify.CheckKind;
import io.restoredrill.core.verify.CheckResult;
import io.restoredrill.core.verify.CheckStatus;
import io.restoredrill.core.verify.Inventory;
import io.restoredrill.core.verify.TableInventory;
import io.restoredrill.core.verify.VerificationResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Realistic drill reports of the Postgres engine, for report tests here and in other modules. */
public final class SampleReports {

    public static final SourceInfo SOURCE = new SourceInfo("shop", "postgres",
            "jdbc:postgresql://db.internal:5432/shop?user=drill", "15.18");

    private SampleReports() {
    }

    /** Every phase passed, every check passed or was skipped, RTO well within budget. */
    public static DrillReport passed() {
        Instant start = Instant.parse("2026-11-22T04:00:00Z");
        Budgets budgets = new Budgets(Duration.ofMinutes(15), Map.of(
                Phase.SNAPSHOT, Duration.ofMinutes(2),
                Phase.COPY, Duration.ofMinutes(1),
                Phase.RESTORE, Duration.ofMinutes(5),
                Phase.VERIFY, Duration.ofMinutes(2)));
        Timeline t = new Timeline(start, budgets);
        t.passed(Phase.PLAN, 180, "Planned drill shop-20261122-0400 against shop (PostgreSQL 15.18).");
        t.passed(Phase.SNAPSHOT, 52_250, "pg_dump -Fd -j 2: 12 files, 1.4 GiB, manifest written.");
        t.passed(Phase.COPY, 18_470, "Copied to /var/lib/restore-drill/recovery/shop-20261122-0400, checksums match.");
        t.passed(Phase.RESTORE, 107_400, "pg_restore -j 2 into a throwaway cluster on 127.0.0.1:54873.");
        t.passed(Phase.CREDENTIALS, 2, "Drill-scoped password set.");
        t.passed(Phase.VERIFY, 32_748, "14 checks: 13 passed, 1 skipped.");
        t.passed(Phase.PUBLISH, 370, "Report, Markdown and HTML written; drill log entry appended.");
        t.passed(Phase.CLEANUP, 2_480, "Throwaway cluster stopped and removed; recovery copy deleted.");

        List<TableInventory> passedTables = List.of(
                new TableInventory("public", "customers", 48_213, "5d1f0c9a7be24e13"),
                new TableInventory("public", "orders", 1_204_877, "a03e9f17c2d4b851"),
                new TableInventory("public", "order_items", 3_911_402, "0f9b2c44e1a7d390"),
                new TableInventory("public", "products", 2_318, "7c2e81b09d5fa6e4"));
        VerificationResult verification = new VerificationResult(List.of(
                inventoryCheck(passedTables.get(0), 410),
                inventoryCheck(passedTables.get(1), 6_870),
                inventoryCheck(passedTables.get(2), 17_240),
                inventoryCheck(passedTables.get(3), 95),
                check("public.orders_pkey", CheckKind.AMCHECK, CheckStatus.PASSED, "ok", null, 2_310, null),
                check("public.order_items_pkey", CheckKind.AMCHECK, CheckStatus.PASSED, "ok", null, 4_480, null),
                check("public.customers_email_key", CheckKind.AMCHECK, CheckStatus.SKIPPED, null, null, 3,
                        "amcheck skips unique indexes of unlogged tables; this one is unlogged."),
                check("server version", CheckKind.SERVER_VERSION, CheckStatus.PASSED, "15.18", "15.18", 4, null),
                check("previous drill shop-20261121-0400", CheckKind.PREVIOUS_INVENTORY, CheckStatus.PASSED,
                        "4 tables, +1,902 rows", "no table lost, no table shrank", 6, null),
                check("public.orders rows", CheckKind.ROW_COUNT, CheckStatus.PASSED, "1204877",
                        "between 1000000 and 2000000", 5, null),
                check("orders.created_at", CheckKind.FRESHNESS, CheckStatus.PASSED, "2026-11-22T03:59:41Z",
                        "no older than 1h before the drill start", 12, null),
                check("no orphan order items", CheckKind.SQL, CheckStatus.PASSED, "0 rows", "0 rows", 1_930,
                        null),
                check("every paid order has a payment", CheckKind.SQL, CheckStatus.PASSED, "0", "0", 880, null),
                check("expected tables", CheckKind.TABLES, CheckStatus.PASSED, "4 of 4", "customers, orders,"
                        + " order_items, products", 3, null)),
                new Inventory(passedTables),
                "15.18",
                Instant.parse("2026-11-22T03:59:41Z"));

        return t.report("shop-20261122-0400", snapshot("shop-20261122-0400", start.plusMillis(350)),
                verification, Duration.ofSeconds(19), Verdict.PASSED, null);
    }

    /** Verify failed one check and could not run another, ran over its own budget; Publish and Cleanup ran. */
    public static DrillReport failed() {
        Instant start = Instant.parse("2026-11-23T04:00:00Z");
        Budgets budgets = new Budgets(Duration.ofMinutes(5), Map.of(
                Phase.SNAPSHOT, Duration.ofMinutes(2),
                Phase.COPY, Duration.ofMinutes(1),
                Phase.RESTORE, Duration.ofMinutes(3),
                Phase.VERIFY, Duration.ofSeconds(45)));
        Timeline t = new Timeline(start, budgets);
        t.passed(Phase.PLAN, 150, "Planned drill shop-20261123-0400 against shop (PostgreSQL 15.18).");
        t.passed(Phase.SNAPSHOT, 55_200, "pg_dump -Fd -j 2: 12 files, 1.4 GiB, manifest written.");
        t.passed(Phase.COPY, 19_100, "Copied to /var/lib/restore-drill/recovery/shop-20261123-0400, checksums match.");
        t.passed(Phase.RESTORE, 112_000, "pg_restore -j 2 into a throwaway cluster on 127.0.0.1:55012.");
        t.passed(Phase.CREDENTIALS, 3, "Drill-scoped password set.");
        t.ran(Phase.VERIFY, 65_400, PhaseStatus.FAILED,
                "2 of 9 checks failed or could not run: no orphan order items, refunds balance.");
        t.passed(Phase.PUBLISH, 410, "Report, Markdown and HTML written; drill log entry appended.");
        t.passed(Phase.CLEANUP, 2_900, "Throwaway cluster stopped and removed; recovery copy deleted.");

        List<TableInventory> tables = List.of(
                new TableInventory("public", "customers", 48_260, "91c0de4f5a3b7e20"),
                new TableInventory("public", "orders", 1_206_011, "c4a7e3b1902fd6e8"),
                new TableInventory("public", "order_items", 3_915_130, "3b8d07f1c6e2a945"),
                new TableInventory("public", "products", 2_318, "7c2e81b09d5fa6e4"));
        VerificationResult verification = new VerificationResult(List.of(
                inventoryCheck(tables.get(0), 420),
                inventoryCheck(tables.get(1), 6_910),
                check("no orphan order items", CheckKind.SQL, CheckStatus.FAILED, "17 rows", "0 rows", 2_040,
                        "17 rows of public.order_items reference missing orders, e.g. order_id = 88123."),
                inventoryCheck(tables.get(2), 17_480),
                inventoryCheck(tables.get(3), 98),
                check("server version", CheckKind.SERVER_VERSION, CheckStatus.PASSED, "15.18", "15.18", 4, null),
                check("refunds balance", CheckKind.SQL, CheckStatus.ERROR, null,
                        "SELECT sum(amount) FROM refunds WHERE amount < 0 & status <> 'void' -> 0", 30_000,
                        "ERROR: canceling statement due to statement timeout (30s)."),
                check("orders.created_at", CheckKind.FRESHNESS, CheckStatus.PASSED, "2026-11-23T03:59:37Z",
                        "no older than 1h before the drill start", 11, null),
                check("expected tables", CheckKind.TABLES, CheckStatus.PASSED, "4 of 4", "customers, orders,"
                        + " order_items, products", 3, null)),
                new Inventory(tables),
                "15.18",
                Instant.parse("2026-11-23T03:59:37Z"));

        return t.report("shop-20261123-0400", snapshot("shop-20261123-0400", start.plusMillis(320)),
                verification, Duration.ofSeconds(23), Verdict.FAILED,
                "Verification failed: 2 of 9 checks failed or could not run (no orphan order items,"
                        + " refunds balance); Verify ran 20.4s over its 45.0s budget.");
    }

    /** Restore failed: Credentials and Verify did not run, so there is no verification, RTO or RPO. */
    public static DrillReport failedBeforeVerify() {
        Instant start = Instant.parse("2026-11-24T04:00:00Z");
        Budgets budgets = new Budgets(Duration.ofMinutes(15), Map.of(Phase.RESTORE, Duration.ofMinutes(5)));
        Timeline t = new Timeline(start, budgets);
        t.passed(Phase.PLAN, 160, "Planned drill shop-20261124-0400 against shop (PostgreSQL 15.18).");
        t.passed(Phase.SNAPSHOT, 54_000, "pg_dump -Fd -j 2: 12 files, 1.4 GiB, manifest written.");
        t.passed(Phase.COPY, 18_900, "Copied to /var/lib/restore-drill/recovery/shop-20261124-0400, checksums match.");
        t.ran(Phase.RESTORE, 8_400, PhaseStatus.FAILED,
                "pg_restore exited 1: could not create extension \"postgis\": extension is not available.");
        t.notRun(Phase.CREDENTIALS);
        t.notRun(Phase.VERIFY);
        t.passed(Phase.PUBLISH, 300, "Report, Markdown and HTML written; drill log entry appended.");
        t.passed(Phase.CLEANUP, 2_100, "Throwaway cluster stopped and removed; recovery copy deleted.");
        return t.report("shop-20261124-0400", snapshot("shop-20261124-0400", start.plusMillis(330)),
                null, null, Verdict.FAILED,
                "Restore failed: pg_restore could not create extension \"postgis\".");
    }

    /** The report with one more check, e.g. one whose name or detail is hostile. */
    public static DrillReport withCheck(DrillReport report, CheckResult extra) {
        VerificationResult v = report.verification();
        List<CheckResult> checks = new ArrayList<>(v.checks());
        checks.add(extra);
        return new DrillReport(report.schemaVersion(), report.drillId(), report.engine(), report.source(),
                report.operator(), report.startedAt(), report.finishedAt(), report.snapshot(), report.restorePoint(), report.budgets(),
                report.phases(), new VerificationResult(checks, v.inventory(), v.serverVersion(), v.newestData()),
                report.rto(), report.rpo(), report.verdict(), report.failureReason());
    }

    /** The report with other phases, keeping everything else. */
    public static DrillReport withPhases(DrillReport report, List<PhaseResult> phases) {
        return new DrillReport(report.schemaVersion(), report.drillId(), report.engine(), report.source(),
                report.operator(), report.startedAt(), report.finishedAt(), report.snapshot(), report.restorePoint(), report.budgets(),
                phases, report.verification(), report.rto(), report.rpo(), report.verdict(), report.failureReason());
    }

    public static CheckResult check(String name, CheckKind kind, CheckStatus status, String measured,
                                    String expected, long millis, String detail) {
        return new CheckResult(name, kind, status, measured, expected, Duration.ofMillis(millis), detail);
    }

    private static CheckResult inventoryCheck(TableInventory table, long millis) {
        return check(table.qualifiedName(), CheckKind.TABLE_INVENTORY, CheckStatus.PASSED,
                table.rows() + " rows, hash " + table.contentHash(), null, millis, null);
    }

    private static SnapshotInfo snapshot(String drillId, Instant takenAt) {
        return new SnapshotInfo(drillId + ".dump", takenAt, 1_503_238_553L, 12,
                "9f2c4e7a1b3d5f60718293a4b5c6d7e8f90112233445566778899aabbccddeef",
                "/var/lib/restore-drill/recovery/" + drillId, true);
    }

    /** Phases back to back from the drill start, each with its budget from the drill's budgets. */
    private static final class Timeline {
        private final Instant start;
        private final Budgets budgets;
        private final List<PhaseResult> phases = new ArrayList<>();
        private Instant cursor;

        Timeline(Instant start, Budgets budgets) {
            this.start = start;
            this.budgets = budgets;
            this.cursor = start;
        }

        void passed(Phase phase, long millis, String detail) {
            ran(phase, millis, PhaseStatus.PASSED, detail);
        }

        void ran(Phase phase, long millis, PhaseStatus status, String detail) {
            Instant end = cursor.plusMillis(millis);
            phases.add(PhaseResult.of(phase, cursor, end, budgets.budgetOf(phase), status, detail));
            cursor = end;
        }

        void notRun(Phase phase) {
            phases.add(new PhaseResult(phase, null, null, null, budgets.budgetOf(phase), PhaseStatus.NOT_RUN,
                    "Not run because an earlier phase failed."));
        }

        DrillReport report(String drillId, SnapshotInfo snapshot, VerificationResult verification, Duration rpo,
                           Verdict verdict, String failureReason) {
            Duration rto = verification == null ? null : rto();
            return new DrillReport(DrillReport.SCHEMA_VERSION, drillId, "postgres", SOURCE, "ops@example.com",
                    start, cursor, snapshot, null, budgets, phases, verification, rto, rpo, verdict, failureReason);
        }

        private Duration rto() {
            PhaseResult restore = find(Phase.RESTORE);
            PhaseResult verify = find(Phase.VERIFY);
            return Duration.between(restore.start(), verify.end());
        }

        private PhaseResult find(Phase phase) {
            return phases.stream().filter(p -> p.phase() == phase).findFirst().orElseThrow();
        }
    }
}
