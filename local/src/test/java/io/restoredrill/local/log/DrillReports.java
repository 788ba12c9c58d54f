package io.restoredrill.local.log;

import io.restoredrill.core.json.Json;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Small drill reports for drill log tests: two tables, {@code rows} rows in all. */
final class DrillReports {

    static final Instant FINISHED = Instant.parse("2025-03-01T10:04:05Z");

    private DrillReports() {
    }

    static DrillReport passed(String drillId, String source, long rows) {
        return report(drillId, source, rows, Verdict.PASSED, null);
    }

    static DrillReport failed(String drillId, String source, long rows, String reason) {
        return report(drillId, source, rows, Verdict.FAILED, reason);
    }

    static DrillReport report(String drillId, String source, long rows, Verdict verdict, String reason) {
        Instant started = FINISHED.minus(Duration.ofSeconds(245));
        Instant restoreStart = started.plusSeconds(60);
        Inventory inventory = new Inventory(List.of(
                new TableInventory("public", "orders", rows - 100, "00000000000000aa"),
                new TableInventory("public", "customers", 100, "00000000000000bb")));
        CheckStatus status = verdict == Verdict.PASSED ? CheckStatus.PASSED : CheckStatus.FAILED;
        VerificationResult verification = new VerificationResult(
                List.of(new CheckResult("public.orders", CheckKind.TABLE_INVENTORY, status,
                        String.valueOf(rows - 100), null, Duration.ofMillis(40), reason)),
                inventory, "15.18", null);
        return new DrillReport(DrillReport.SCHEMA_VERSION, drillId, "postgres",
                new SourceInfo(source, "postgres", "jdbc:postgresql://127.0.0.1:5432/" + source, "15.18"),
                "report-operator", started, FINISHED,
                new SnapshotInfo(drillId + "-dump", started.plusSeconds(5), 4096, 3, null, "/var/recovery", false),
                null, Budgets.defaults(),
                List.of(PhaseResult.of(Phase.RESTORE, restoreStart, FINISHED, null,
                        verdict == Verdict.PASSED ? PhaseStatus.PASSED : PhaseStatus.FAILED, "restored")),
                verification, Duration.between(restoreStart, FINISHED), Duration.ofSeconds(5), verdict, reason);
    }

    /** Writes the report where the engines put it: {@code <dir>/<source>/<drillId>/report.json}. */
    static Path write(DrillReport report, Path dir) {
        Path file = dir.resolve(report.source().name()).resolve(report.drillId()).resolve("report.json");
        try {
            Files.createDirectories(file.getParent());
            Json.mapper().writeValue(file.toFile(), report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
