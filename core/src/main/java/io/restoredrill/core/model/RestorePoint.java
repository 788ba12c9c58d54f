package io.restoredrill.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * The point in time a drill restored to, and how it was found: a snapshot's time, or the end of a
 * point-in-time recovery (the end of a WAL archive, a target time, the latest restorable time of
 * replicated automated backups).
 *
 * @param kind       how the point was chosen
 * @param targetTime the time asked for ({@link Kind#TARGET_TIME}), else {@code null}
 * @param restoredTo the newest committed data the copy holds as far as the restore itself can tell:
 *                   the last replayed commit, the latest restorable time, or the snapshot's time;
 *                   {@code null} when it could not be told
 * @param lsn        the WAL location replay ended at, {@code null} where there is none (RDS, snapshots)
 * @param timeline   the timeline the copy was promoted onto, {@code null} where there is none
 * @param obtainedBy one sentence: where {@code restoredTo} and {@code lsn} come from
 */
public record RestorePoint(
        Kind kind,
        Instant targetTime,
        Instant restoredTo,
        String lsn,
        Integer timeline,
        String obtainedBy) {

    public enum Kind {
        /** A snapshot or dump: the copy holds what the source held when it was frozen. */
        SNAPSHOT,
        /** Every WAL segment the archive had was replayed. */
        END_OF_ARCHIVE,
        /** Replay stopped before the first commit after {@code targetTime}. */
        TARGET_TIME,
        /** RDS restored to the latest restorable time of the (replicated) automated backups. */
        LATEST_RESTORABLE
    }

    public RestorePoint {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.TARGET_TIME) {
            Objects.requireNonNull(targetTime, "targetTime");
        }
    }

    /** The words reports use: {@code end of the WAL archive}, {@code target time 2026-12-06T10:00:00Z}. */
    public String describe() {
        return switch (kind) {
            case SNAPSHOT -> "snapshot";
            case END_OF_ARCHIVE -> "end of the WAL archive";
            case TARGET_TIME -> "target time " + targetTime;
            case LATEST_RESTORABLE -> "latest restorable time";
        };
    }
}
