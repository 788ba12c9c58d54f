package io.restoredrill.aws.handler;

import io.restoredrill.aws.rds.RdsClients;
import io.restoredrill.aws.restore.RestoreStep;

/** The Restore task: restores the copy into the isolated network; returns the state unchanged. */
public final class RestoreHandler extends StateHandler {

    /** Used by the Lambda runtime: real clients, built once per container. */
    public RestoreHandler() {
        this(new RestoreStep(new RdsClients()));
    }

    public RestoreHandler(RestoreStep step) {
        super(step::restore);
    }
}
