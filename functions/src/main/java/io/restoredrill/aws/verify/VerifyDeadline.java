package io.restoredrill.aws.verify;

import io.restoredrill.aws.state.DrillState;
import io.restoredrill.aws.state.PhaseMark;
import io.restoredrill.core.model.Phase;
import io.restoredrill.core.time.Durations;
import java.time.Duration;
import java.time.Instant;

/**
 * When Verify must be done: the earlier of its own budget from its start and the RTO from the
 * Restore phase's start (RTO = restore start to verification finished); the drill's TTL bounds a
 * drill that has neither.
 *
 * @param why the limit that applies, for messages
 */
record VerifyDeadline(Instant at, String why) {

    static VerifyDeadline of(DrillState state, Instant verifyStart) {
        VerifyDeadline deadline = new VerifyDeadline(state.expiresAt(), "the drill reached its TTL, " + state.expiresAt());
        Duration budget = state.budgets().budgetOf(Phase.VERIFY);
        if (budget != null && verifyStart.plus(budget).isBefore(deadline.at())) {
            deadline = new VerifyDeadline(verifyStart.plus(budget), "Verify's budget is " + Durations.format(budget));
        }
        Instant restoreStart = state.progress().mark(Phase.RESTORE).map(PhaseMark::start).orElse(null);
        Duration rto = state.budgets().rto();
        if (restoreStart != null && restoreStart.plus(rto).isBefore(deadline.at())) {
            deadline = new VerifyDeadline(restoreStart.plus(rto), "the RTO budget of " + Durations.format(rto)
                    + " from the restore's start ends at " + restoreStart.plus(rto));
        }
        return deadline;
    }
}
