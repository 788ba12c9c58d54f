package io.restoredrill.aws.janitor;

import java.time.Instant;
import java.util.List;

/**
 * What one Janitor run removed, and the drill-managed resources it left alone on purpose (drill-tagged
 * but not drill-named or not in a drill's region, an unreadable expiry, already being deleted, or AWS
 * refusing the delete), each with the reason.
 */
public record JanitorResult(List<Removed> removed, List<Skipped> skipped) {

    public JanitorResult {
        removed = List.copyOf(removed);
        skipped = List.copyOf(skipped);
    }

    /** @param kind as in Cleanup: instance, cluster, snapshot, cluster snapshot or secret */
    public record Removed(String region, String kind, String name, String drillId, Instant expiredAt) {
    }

    public record Skipped(String region, String kind, String name, String reason) {
    }
}
