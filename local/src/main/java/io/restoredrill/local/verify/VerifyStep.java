package io.restoredrill.local.verify;

import io.restoredrill.core.error.VerificationFailedException;
import io.restoredrill.core.run.PhaseContext;
import io.restoredrill.core.run.Verdicts;
import io.restoredrill.core.verify.ProgramChecks;
import io.restoredrill.core.verify.VerificationRequest;
import io.restoredrill.core.verify.VerificationResult;
import io.restoredrill.core.verify.VerificationRunner;
import io.restoredrill.core.verify.suite.VerificationSuite;
import io.restoredrill.local.LocalDrillOptions;
import io.restoredrill.local.state.Expected;
import io.restoredrill.local.state.LocalDrillState;
import io.restoredrill.local.state.Restored;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Verify: runs the suite on the restored copy (core's verification, the same as an AWS drill's) and compares it with
 * what the copy must hold and with the previous drill; then the suite's own programs, each given the copy the libpq
 * way. A failed check fails the phase with the reason the verdict gives.
 */
public final class VerifyStep {

    private final LocalDrillOptions options;

    public VerifyStep(LocalDrillOptions options) {
        this.options = options;
    }

    public LocalDrillState verify(LocalDrillState state, PhaseContext context) {
        VerificationSuite suite = options.suite();
        Restored restored = state.restored();
        Expected expected = state.expected();
        VerificationRunner runner = new VerificationRunner(() -> restored.cluster().connect(restored.database()), suite);
        VerificationResult result = runner.run(new VerificationRequest(state.startedAt(), state.plan().previous(),
                expected.inventory(), true, context.deadline(), expected.serverVersion(), expected.catalog(),
                restored.ownershipRestored()));
        if (!suite.programs().isEmpty()) {
            Map<String, String> copy = new HashMap<>(restored.cluster().clientEnvironment());
            copy.put("PGDATABASE", restored.database());
            result = result.withChecks(ProgramChecks.run(suite.programs(), copy, context.deadline()));
        }
        return state.withVerification(result);
    }

    /** Fails the phase when a check failed, with the reason the verdict gives; else says what was checked. */
    public void requirePassed(LocalDrillState verified, PhaseContext context) {
        VerificationResult result = verified.verification();
        long failed = result.failures().size();
        String summary = result.checks().size() + " checks, " + failed + " failed; "
                + result.inventory().tables().size() + " tables, " + result.inventory().totalRows() + " rows";
        if (failed > 0) {
            throw new VerificationFailedException(
                    Verdicts.failureReason(List.of(), result, null, options.budgets()).orElse(summary));
        }
        context.detail(summary + ".");
    }
}
