package io.restoredrill.aws.state;

import io.restoredrill.core.model.Phase;

/**
 * What a Check step saw. The state machine loops (Wait, Check, Choice on {@code ready}) until the
 * resource is available; the Check step itself fails the drill when the phase runs out of budget.
 *
 * @param status the resource's own status word as AWS reports it (e.g. {@code creating})
 */
public record Poll(Phase phase, boolean ready, String status) {
}
