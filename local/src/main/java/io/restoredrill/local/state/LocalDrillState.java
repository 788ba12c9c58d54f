package io.restoredrill.local.state;

import io.restoredrill.core.verify.VerificationResult;
import io.restoredrill.local.snapshot.Manifest;
import java.time.Instant;
import java.util.Optional;

/**
 * What a local drill carries from one phase to the next. Each phase returns it with its own part added and
 * nothing set earlier changes. The workspace is the one handle with a life of its own: it tracks the files and
 * clusters the drill makes, so whatever phase a drill stops in, everything it made is found and removed.
 *
 * @param plan         what Plan decided: the source or the backup, the tools, the recovery location, the previous drill
 * @param expected     what the restored copy must hold: read in the dump's snapshot (Snapshot), or from the backup's
 *                     signed manifest or the dump itself (Restore)
 * @param dumped       the files Snapshot dumped, with their checksums
 * @param copyBegun    Copy began: the recovery location may hold this drill's files
 * @param downloaded   the existing backup, readable here (Download)
 * @param opened       the existing backup, decrypted and decompressed, its manifest checked (Decrypt)
 * @param restored     the throwaway cluster holding the restored copy (Restore)
 * @param verification what Verify found
 */
public record LocalDrillState(
        String drillId,
        Instant startedAt,
        Workspace workspace,
        Planned plan,
        Expected expected,
        Manifest dumped,
        boolean copyBegun,
        Downloaded downloaded,
        Opened opened,
        Restored restored,
        VerificationResult verification) {

    public static LocalDrillState start(String drillId, Instant startedAt, Workspace workspace) {
        return new LocalDrillState(drillId, startedAt, workspace, null, null, null, false, null, null, null, null);
    }

    public LocalDrillState withPlan(Planned planned) {
        return new LocalDrillState(drillId, startedAt, workspace, planned, expected, dumped, copyBegun, downloaded, opened,
                restored, verification);
    }

    public LocalDrillState withExpected(Expected held) {
        return new LocalDrillState(drillId, startedAt, workspace, plan, held, dumped, copyBegun, downloaded, opened,
                restored, verification);
    }

    public LocalDrillState withDump(Manifest files) {
        return new LocalDrillState(drillId, startedAt, workspace, plan, expected, files, copyBegun, downloaded, opened,
                restored, verification);
    }

    public LocalDrillState withCopyBegun() {
        return new LocalDrillState(drillId, startedAt, workspace, plan, expected, dumped, true, downloaded, opened,
                restored, verification);
    }

    public LocalDrillState withDownloaded(Downloaded backup) {
        return new LocalDrillState(drillId, startedAt, workspace, plan, expected, dumped, copyBegun, backup, opened,
                restored, verification);
    }

    public LocalDrillState withOpened(Opened backup) {
        return new LocalDrillState(drillId, startedAt, workspace, plan, expected, dumped, copyBegun, downloaded, backup,
                restored, verification);
    }

    public LocalDrillState withRestored(Restored copy) {
        return new LocalDrillState(drillId, startedAt, workspace, plan, expected, dumped, copyBegun, downloaded, opened,
                copy, verification);
    }

    public LocalDrillState withVerification(VerificationResult result) {
        return new LocalDrillState(drillId, startedAt, workspace, plan, expected, dumped, copyBegun, downloaded, opened,
                restored, result);
    }

    /**
     * When the data the copy holds was taken, the RPO's reference: the dump's snapshot, or the existing backup's
     * time as its manifest, its archive header, its name or its file says, in that order.
     */
    public Optional<Instant> takenAt() {
        if (expected != null) {
            return Optional.of(expected.asOf());
        }
        if (opened != null && opened.manifest() != null) {
            return Optional.of(opened.manifest().takenAt());
        }
        if (plan != null && plan.physical() != null) {
            return Optional.of(plan.physical().takenAt());
        }
        return plan == null || plan.existing() == null ? Optional.empty()
                : Optional.of(plan.existing().backup().takenAt());
    }

    /** The source's server version: read from it at Plan, or from the backup at Restore; empty when not known. */
    public Optional<String> serverVersion() {
        if (expected != null && expected.serverVersion() != null) {
            return Optional.of(expected.serverVersion());
        }
        return Optional.ofNullable(plan == null ? null : plan.serverVersion());
    }
}
