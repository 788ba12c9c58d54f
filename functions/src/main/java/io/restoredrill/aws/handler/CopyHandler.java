package io.restoredrill.aws.handler;

import io.restoredrill.aws.copy.CopyStep;
import io.restoredrill.aws.rds.RdsClients;

/** The Copy task: copies the snapshot to the recovery region; returns the state with {@code copyArn}. */
public final class CopyHandler extends StateHandler {

    /** Used by the Lambda runtime: real clients, built once per container. */
    public CopyHandler() {
        this(new CopyStep(new RdsClients()));
    }

    public CopyHandler(CopyStep step) {
        super(step::copy);
    }
}
