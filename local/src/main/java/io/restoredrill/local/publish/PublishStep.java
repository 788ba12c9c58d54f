package io.restoredrill.local.publish;

import io.restoredrill.local.log.DrillLog;
import io.restoredrill.core.model.DrillReport;
import io.restoredrill.core.model.PhaseResult;
import io.restoredrill.core.model.RestorePoint;
import io.restoredrill.core.model.SnapshotInfo;
import io.restoredrill.core.model.SourceInfo;
import io.restoredrill.core.model.Verdict;
import io.restoredrill.core.report.ReportFiles;
import io.restoredrill.core.run.PhaseContext;
import io.restoredrill.core.run.DrillIds;
import io.restoredrill.core.run.PhaseRecorder;
import io.restoredrill.core.run.Verdicts;
import io.restoredrill.local.DrillOutcome;
import io.restoredrill.local.LocalDrillOptions;
import io.restoredrill.local.existing.ExistingBackup;
import io.restoredrill.local.physical.PhysicalBackup;
import io.restoredrill.local.snapshot.Manifest;
import io.restoredrill.local.state.LocalDrillState;
import io.restoredrill.local.state.Planned;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Publish: the verdict by core's rules (every phase, the checks, the RTO and RPO against their budgets), the report
 * (JSON, Markdown, HTML), the drill-log entry that chains it to the previous one, and the metrics textfile.
 */
public final class PublishStep {

    private final LocalDrillOptions options;
    private final Clock clock;

    public PublishStep(LocalDrillOptions options, Clock clock) {
        this.options = options;
        this.clock = clock;
    }

    public DrillOutcome publish(LocalDrillState state, PhaseRecorder recorder, PhaseContext context,
                                Optional<DrillOutcome.KeptCluster> kept) {
        Duration rto = recorder.rto();
        List<PhaseResult> phases = recorder.results();
        Instant newest = state.verification() == null ? null : state.verification().newestData();
        Optional<Instant> takenAt = state.takenAt();
        RestorePoint restorePoint = restorePoint(state, takenAt.orElse(null));
        Duration rpo = Verdicts.rpo(state.startedAt(), newest, restorePoint == null ? null : restorePoint.restoredTo());
        Optional<String> reason = Verdicts.failureReason(phases, state.verification(), rto, rpo, options.budgets());
        Planned plan = state.plan();
        String sourceName = plan != null ? plan.sourceName() : options.sourceName().map(DrillIds::sourceName).orElse(null);
        String url = plan == null ? null : plan.source() != null ? plan.source().displayUrl()
                : plan.existing() != null ? plan.existing().uri() : plan.physical() != null ? plan.physical().uri() : null;
        DrillReport report = new DrillReport(DrillReport.SCHEMA_VERSION, state.drillId(), "postgres",
                new SourceInfo(sourceName, "postgres", url, state.serverVersion().orElse(null)),
                options.operator(), state.startedAt(), clock.instant(), snapshotInfo(state, takenAt.orElse(null)),
                restorePoint, options.budgets(), phases, state.verification(), rto, rpo,
                reason.isPresent() ? Verdict.FAILED : Verdict.PASSED, reason.orElse(null));
        ReportFiles files = ReportFiles.write(options.outDir(), report);
        DrillLog log = new DrillLog(options.outDir());
        log.append(report, files.json(), options.operator());
        options.textfileDir().ifPresent(dir -> MetricsTextfile.write(dir, report, log.latest(sourceName, true)));
        context.detail("Report and drill-log entry written to " + files.json().getParent()
                + options.textfileDir().map(dir -> ", metrics to " + MetricsTextfile.file(dir, sourceName)).orElse("") + ".");
        return new DrillOutcome(report, files, kept);
    }

    /** What was restored: the existing backup, or the drill's own dump and where Copy put it. */
    private SnapshotInfo snapshotInfo(LocalDrillState state, Instant takenAt) {
        ExistingBackup existing = state.plan() == null ? null : state.plan().existing();
        PhysicalBackup physical = state.plan() == null ? null : state.plan().physical();
        if (physical != null) {
            return new SnapshotInfo(physical.name(), physical.takenAt(), physical.bytes(), 1, null, physical.uri(), false);
        }
        if (existing != null) {
            return new SnapshotInfo(existing.backup().name(), takenAt, existing.backup().bytes(), 1,
                    state.opened() == null ? null : state.opened().manifestSha256(), existing.uri(),
                    state.opened() != null && state.opened().encrypted());
        }
        Manifest dumped = state.dumped();
        if (dumped == null) {
            return null;
        }
        return new SnapshotInfo(state.drillId(), takenAt, dumped.totalBytes(), dumped.files(), dumped.sha256(),
                state.plan().location() == null ? null : state.plan().location().uri(state.drillId()), options.encrypted());
    }

    /** Where a physical backup's replay ended; a dump holds what the source held when its snapshot was taken. */
    private RestorePoint restorePoint(LocalDrillState state, Instant takenAt) {
        if (state.restored() != null && state.restored().restorePoint() != null) {
            return state.restored().restorePoint();
        }
        if (takenAt == null || state.plan() != null && state.plan().physical() != null) {
            return null;
        }
        String how = state.plan() != null && state.plan().existing() != null
                ? "The backup's time: its archive header's, else its name's, else its file's."
                : "The time pg_dump took its snapshot of the source.";
        return new RestorePoint(RestorePoint.Kind.SNAPSHOT, null, takenAt, null, null, how);
    }
}
