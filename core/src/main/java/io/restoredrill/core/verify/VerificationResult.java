package io.restoredrill.core.verify;

import io.restoredrill.core.verify.schema.SchemaInventory;
import java.time.Instant;
import java.util.List;

/**
 * What the verification runner found.
 *
 * @param newestData the newest value seen by a freshness check, or {@code null} when the suite has
 *                   none; it makes the RPO measurement exact
 * @param schema     the copy's schema inventory, which the next drill compares with, or {@code null} when it could
 *                   not be read
 */
public record VerificationResult(
        List<CheckResult> checks,
        Inventory inventory,
        String serverVersion,
        Instant newestData,
        SchemaInventory schema) {

    public VerificationResult {
        checks = List.copyOf(checks);
    }

    public VerificationResult(List<CheckResult> checks, Inventory inventory, String serverVersion, Instant newestData) {
        this(checks, inventory, serverVersion, newestData, null);
    }

    public boolean passed() {
        return checks.stream().noneMatch(c -> c.status().failsDrill());
    }

    /** This result with more checks after its own. */
    public VerificationResult withChecks(List<CheckResult> more) {
        List<CheckResult> all = new java.util.ArrayList<>(checks);
        all.addAll(more);
        return new VerificationResult(all, inventory, serverVersion, newestData, schema);
    }

    public List<CheckResult> failures() {
        return checks.stream().filter(c -> c.status().failsDrill()).toList();
    }
}
