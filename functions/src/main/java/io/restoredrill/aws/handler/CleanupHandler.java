package io.restoredrill.aws.handler;

import io.restoredrill.aws.cleanup.CleanupStep;
import io.restoredrill.aws.rds.RdsClients;

/** The Cleanup task: deletes what the drill created, after checking every tag; returns what it deleted. */
public final class CleanupHandler extends StateHandler {

    /** Used by the Lambda runtime: real clients, built once per container. */
    public CleanupHandler() {
        this(new CleanupStep(new RdsClients()));
    }

    public CleanupHandler(CleanupStep step) {
        super(step::cleanup);
    }
}
