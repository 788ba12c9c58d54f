package io.restoredrill.core.verify;

import java.time.Instant;
import java.util.List;

/**
 * What the verification runner found.
 *
 * @param newestData the newest value seen by a freshness check, or {@code null} when the suite has
 *                   none; it makes the RPO measurement exact
 */
public record VerificationResult(
        List<CheckResult> checks,
        Inventory inventory,
        String serverVersion,
        Instant newestData) {

    public VerificationResult {
        checks = List.copyOf(checks);
    }

    public boolean passed() {
        return checks.stream().noneMatch(c -> c.status().failsDrill());
    }

    public List<CheckResult> failures() {
        return checks.stream().filter(c -> c.status().failsDrill()).toList();
    }
}
