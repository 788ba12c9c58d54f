package io.restoredrill.aws.state;

import io.restoredrill.core.model.Phase;
import io.restoredrill.core.model.PhaseStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the drill has done so far; each step returns it with its own part added.
 *
 * @param snapshotArn  the snapshot being restored: given ({@code EXISTING}), or set by Snapshot
 * @param snapshotTime when that snapshot was taken, set once it is available: the RPO reference
 * @param copyArn      its copy in the recovery region, set by Copy
 * @param restoredTo   the time a point-in-time drill restored the source to, set by Restore: the requested
 *                     {@code restoreTime}, or the latest restorable time read just before the request; the RPO reference
 * @param endpoint     the restored database's endpoint, set once it is available
 * @param secretArn    the drill's secret holding the restored database's credentials, set by Credentials
 * @param verification where Verify stored its full result, and its summary
 * @param phases       when each phase started and ended
 * @param poll         the latest answer of a Check step; the state machine's Choice reads {@code ready}
 * @param cleanup      what Cleanup deleted, or found already gone
 * @param report       where Publish stored the report, and the verdict it holds
 */
public record Progress(
        String snapshotArn,
        Instant snapshotTime,
        String copyArn,
        Instant restoredTo,
        RestoredEndpoint endpoint,
        String secretArn,
        VerificationRef verification,
        List<PhaseMark> phases,
        Poll poll,
        CleanupResult cleanup,
        ReportRef report) {

    public static final Progress EMPTY = new Progress(null, null, null, null, null, null, null, List.of(), null, null, null);

    public Progress {
        phases = phases == null ? List.of() : List.copyOf(phases);
    }

    public Progress withSnapshot(String arn) {
        return new Progress(arn, snapshotTime, copyArn, restoredTo, endpoint, secretArn, verification, phases, poll, cleanup, report);
    }

    public Progress withSnapshotTime(Instant time) {
        return new Progress(snapshotArn, time, copyArn, restoredTo, endpoint, secretArn, verification, phases, poll, cleanup, report);
    }

    public Progress withCopy(String arn) {
        return new Progress(snapshotArn, snapshotTime, arn, restoredTo, endpoint, secretArn, verification, phases, poll, cleanup, report);
    }

    public Progress withRestoredTo(Instant time) {
        return new Progress(snapshotArn, snapshotTime, copyArn, time, endpoint, secretArn, verification, phases, poll, cleanup,
                report);
    }

    public Progress withEndpoint(RestoredEndpoint restored) {
        return new Progress(snapshotArn, snapshotTime, copyArn, restoredTo, restored, secretArn, verification, phases, poll, cleanup, report);
    }

    public Progress withSecret(String arn) {
        return new Progress(snapshotArn, snapshotTime, copyArn, restoredTo, endpoint, arn, verification, phases, poll, cleanup, report);
    }

    public Progress withVerification(VerificationRef ref) {
        return new Progress(snapshotArn, snapshotTime, copyArn, restoredTo, endpoint, secretArn, ref, phases, poll, cleanup, report);
    }

    public Progress withCleanup(CleanupResult result) {
        return new Progress(snapshotArn, snapshotTime, copyArn, restoredTo, endpoint, secretArn, verification, phases, poll, result, report);
    }

    public Progress withReport(ReportRef published) {
        return new Progress(snapshotArn, snapshotTime, copyArn, restoredTo, endpoint, secretArn, verification, phases, poll, cleanup,
                published);
    }

    public Progress withPoll(Poll latest) {
        return new Progress(snapshotArn, snapshotTime, copyArn, restoredTo, endpoint, secretArn, verification, phases, latest, cleanup, report);
    }

    /** Marks a phase as started; a retried step that started it already keeps the first start. */
    public Progress started(Phase phase, Instant at) {
        if (mark(phase).isPresent()) {
            return this;
        }
        List<PhaseMark> next = new ArrayList<>(phases);
        next.add(PhaseMark.started(phase, at));
        return new Progress(snapshotArn, snapshotTime, copyArn, restoredTo, endpoint, secretArn, verification, next, null, cleanup, report);
    }

    /** Marks a started phase as finished (passed or failed) with one sentence on what happened. */
    public Progress finished(Phase phase, Instant at, PhaseStatus status, String detail) {
        List<PhaseMark> next = new ArrayList<>(phases.size());
        boolean found = false;
        for (PhaseMark mark : phases) {
            if (mark.phase() == phase) {
                next.add(mark.end(at, status, detail));
                found = true;
            } else {
                next.add(mark);
            }
        }
        if (!found) {
            next.add(PhaseMark.started(phase, at).end(at, status, detail));
        }
        return new Progress(snapshotArn, snapshotTime, copyArn, restoredTo, endpoint, secretArn, verification, next, null, cleanup, report);
    }

    public Optional<PhaseMark> mark(Phase phase) {
        return phases.stream().filter(m -> m.phase() == phase).findFirst();
    }

    /** The phase that started and has not ended: where a failure happened. */
    public Optional<PhaseMark> running() {
        return phases.stream().filter(m -> m.end() == null).reduce((first, second) -> second);
    }
}
