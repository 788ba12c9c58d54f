package io.restoredrill.local;

import io.restoredrill.core.error.DrillException;
import io.restoredrill.core.error.UnexpectedFailureException;
import io.restoredrill.core.model.Phase;
import io.restoredrill.core.run.DrillIds;
import io.restoredrill.core.run.PhaseContext;
import io.restoredrill.core.run.PhaseRecorder;
import io.restoredrill.core.run.ProgressListener;
import io.restoredrill.local.cleanup.CleanupStep;
import io.restoredrill.local.copy.CopyStep;
import io.restoredrill.local.decrypt.DecryptStep;
import io.restoredrill.local.download.DownloadStep;
import io.restoredrill.local.plan.PlanStep;
import io.restoredrill.local.publish.PublishStep;
import io.restoredrill.local.restore.ExistingRestoreStep;
import io.restoredrill.local.restore.PhysicalRestoreStep;
import io.restoredrill.local.restore.RestoreStep;
import io.restoredrill.local.snapshot.SnapshotStep;
import io.restoredrill.local.state.LocalDrillState;
import io.restoredrill.local.state.Workspace;
import io.restoredrill.local.verify.VerifyStep;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The Postgres engine: a whole restore drill on one machine. Snapshot is {@code pg_dump}, Copy moves the dump
 * (optionally encrypted) to a recovery location, Restore brings it into a throwaway loopback-only cluster, Verify
 * runs the suite, Cleanup removes everything the drill created and Publish writes the report and the drill-log
 * entry. A drill of an existing backup Downloads and Decrypts it instead of Snapshot and Copy; a drill of a physical
 * backup goes straight to Restore, which lays it out and replays its WAL to a point in time.
 *
 * <p>Each phase is a step of its own package, given the {@link LocalDrillState} and returning it with its part
 * added; core's {@link PhaseRecorder} times each against its budget and marks the phases a failure left unrun.
 * Configuration errors stop the drill without a report; a drill that ran and failed is cleaned up and published as
 * FAILED.
 */
public final class LocalDrill {

    static final List<Phase> PHASES = List.of(Phase.PLAN, Phase.SNAPSHOT, Phase.COPY, Phase.RESTORE,
            Phase.VERIFY, Phase.CLEANUP, Phase.PUBLISH);
    /** The phases of a drill of an existing backup ({@code --from}): nothing is dumped, the backup is fetched. */
    static final List<Phase> EXISTING_BACKUP_PHASES = List.of(Phase.PLAN, Phase.DOWNLOAD, Phase.DECRYPT, Phase.RESTORE,
            Phase.VERIFY, Phase.CLEANUP, Phase.PUBLISH);

    /** The phases of a drill of a physical backup: Restore lays it out (or pgBackRest fetches it) and replays its WAL. */
    static final List<Phase> PHYSICAL_BACKUP_PHASES = List.of(Phase.PLAN, Phase.RESTORE, Phase.VERIFY, Phase.CLEANUP,
            Phase.PUBLISH);

    private final LocalDrillOptions options;
    private final ProgressListener listener;
    private final Clock clock;

    public LocalDrill(LocalDrillOptions options, ProgressListener listener, Clock clock) {
        this.options = options;
        this.listener = listener;
        this.clock = clock;
    }

    public DrillOutcome run() {
        Instant startedAt = clock.instant();
        // Read from --from's files before Plan, for the phases a failure marks not run; Plan's own decision picks the steps.
        boolean physical = options.physicalBackup();
        String drillId = DrillIds.next(clock);
        Phases phases = new Phases(LocalDrillState.start(drillId, startedAt, Workspace.create(options.workParent(), drillId)),
                new PhaseRecorder(options.budgets(), clock, listener));
        CleanupStep cleanup = new CleanupStep(options, listener);
        Interruption interruption = new Interruption();
        Thread onInterrupt = interruption.install(() -> cleanup.release(phases.state, null));
        DrillException failure = null;
        try {
            phases.run(Phase.PLAN, interruption, new PlanStep(options, listener)::plan);
            if (phases.state.plan().physical() != null) {
                phases.run(Phase.RESTORE, interruption, new PhysicalRestoreStep()::restore);
            } else if (options.existingBackup()) {
                phases.run(Phase.DOWNLOAD, interruption, new DownloadStep()::download);
                phases.run(Phase.DECRYPT, interruption, new DecryptStep()::decrypt);
                ExistingRestoreStep restore = new ExistingRestoreStep(options);
                phases.run(Phase.RESTORE, interruption, (state, context) -> {
                    ExistingRestoreStep.Prepared prepared = restore.prepare(state, context);
                    // What the copy must hold is known before pg_restore runs: a failed restore still reports it.
                    phases.state = state.withExpected(prepared.expected());
                    return restore.restore(phases.state, prepared, context);
                });
            } else {
                phases.run(Phase.SNAPSHOT, interruption, new SnapshotStep(options, clock)::snapshot);
                CopyStep copy = new CopyStep(options);
                phases.run(Phase.COPY, interruption, (state, context) -> {
                    // Cleanup removes Copy's files once it began, even if it never finished.
                    phases.state = state.withCopyBegun();
                    return copy.copy(phases.state, context);
                });
                phases.run(Phase.RESTORE, interruption, new RestoreStep(options)::restore);
            }
            VerifyStep verify = new VerifyStep(options);
            phases.run(Phase.VERIFY, interruption, (state, context) -> {
                LocalDrillState verified = verify.verify(state, context);
                phases.state = verified;
                verify.requirePassed(verified, context);
                return verified;
            });
        } catch (DrillException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new UnexpectedFailureException("Unexpected error in Restore Drill itself: " + e
                    + " (please report it; the report says in which phase).", e);
        } finally {
            if (failure != null) {
                phases.recorder.notRunAfterFailure(physical ? PHYSICAL_BACKUP_PHASES
                        : options.existingBackup() ? EXISTING_BACKUP_PHASES : PHASES);
            }
            interruption.cleaning();
            phases.kept = cleanup.cleanup(phases.state, phases.recorder, options.keep() && !interruption.requested());
            interruption.cleaned();
            Interruption.uninstall(onInterrupt);
        }
        if (interruption.requested()) {
            throw Interruption.interrupted();
        }
        if (failure != null && failure.category() == DrillException.Category.CONFIGURATION) {
            throw failure;
        }
        return phases.recorder.call(Phase.PUBLISH,
                context -> new PublishStep(options, clock).publish(phases.state, phases.recorder, context, phases.kept));
    }

    /**
     * The drill's latest state, as each phase hands it on. The interrupt hook reads it from another thread, so it
     * always finds what the drill has made so far.
     */
    private static final class Phases {
        volatile LocalDrillState state;
        final PhaseRecorder recorder;
        Optional<DrillOutcome.KeptCluster> kept = Optional.empty();

        Phases(LocalDrillState state, PhaseRecorder recorder) {
            this.state = state;
            this.recorder = recorder;
        }

        void run(Phase phase, Interruption interruption,
                 BiFunction<LocalDrillState, PhaseContext, LocalDrillState> step) {
            interruption.checkpoint();
            recorder.run(phase, context -> state = step.apply(state, context));
        }
    }
}
