package io.restoredrill.core.verify;

import java.time.Instant;

/**
 * What to compare the database under verification with.
 *
 * @param drillStart freshness lags are measured from here (the RPO reference)
 * @param previous   the previous drill's inventory, or {@code null}
 * @param expected   the source's exact inventory at the snapshot (a full scan: {@code --compare-source}), or
 *                   {@code null}
 * @param installAmcheck whether the verifier may {@code CREATE EXTENSION amcheck} (only on a throwaway copy)
 * @param deadline   no check runs past this (the Verify budget or the RTO), or {@code null}
 * @param sourceVersion the source's PostgreSQL version ({@code 15.18 …}), which the restored server's major must
 *                      match, or {@code null} when unknown
 * @param sourceCatalog the source's schema and table sizes at the snapshot, or {@code null} when unknown
 * @param ownershipRestored whether the restore kept owners and privileges, so that they can be compared
 */
public record VerificationRequest(Instant drillStart, PreviousDrill previous, Inventory expected,
                                  boolean installAmcheck, Instant deadline, String sourceVersion,
                                  SourceCatalog sourceCatalog, boolean ownershipRestored) {

    public VerificationRequest(Instant drillStart, PreviousDrill previous, Inventory expected, boolean installAmcheck) {
        this(drillStart, previous, expected, installAmcheck, null, null, null, true);
    }

    public VerificationRequest(Instant drillStart, PreviousDrill previous, Inventory expected, boolean installAmcheck,
                               Instant deadline) {
        this(drillStart, previous, expected, installAmcheck, deadline, null, null, true);
    }

    public VerificationRequest(Instant drillStart, PreviousDrill previous, Inventory expected, boolean installAmcheck,
                               Instant deadline, String sourceVersion) {
        this(drillStart, previous, expected, installAmcheck, deadline, sourceVersion, null, true);
    }
}
