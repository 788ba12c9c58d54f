package io.restoredrill.core.verify;

import java.time.Instant;

/**
 * What to compare the database under verification with.
 *
 * @param drillStart freshness lags are measured from here (the RPO reference)
 * @param previous   the previous drill's inventory, or {@code null}
 * @param expected   the source's inventory at the snapshot, or {@code null} when unknown
 * @param installAmcheck whether the verifier may {@code CREATE EXTENSION amcheck} (only on a throwaway copy)
 * @param deadline   no check runs past this (the Verify budget or the RTO), or {@code null}
 * @param sourceVersion the source's PostgreSQL version ({@code 15.18 …}), which the restored server's major must
 *                      match, or {@code null} when unknown
 */
public record VerificationRequest(Instant drillStart, PreviousDrill previous, Inventory expected,
                                  boolean installAmcheck, Instant deadline, String sourceVersion) {

    public VerificationRequest(Instant drillStart, PreviousDrill previous, Inventory expected, boolean installAmcheck) {
        this(drillStart, previous, expected, installAmcheck, null, null);
    }

    public VerificationRequest(Instant drillStart, PreviousDrill previous, Inventory expected, boolean installAmcheck,
                               Instant deadline) {
        this(drillStart, previous, expected, installAmcheck, deadline, null);
    }
}
