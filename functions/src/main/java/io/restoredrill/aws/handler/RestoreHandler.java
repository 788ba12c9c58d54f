package io.restoredrill.aws.handler;

import io.restoredrill.aws.clients.AwsClients;
import io.restoredrill.aws.restore.RestoreStep;
import java.time.Clock;

/** The Restore task: restores the copy into the isolated network (an instance, or an Aurora cluster and its writer). */
public final class RestoreHandler extends StateHandler {

    /** Used by the Lambda runtime: real clients, built once per container. */
    public RestoreHandler() {
        this(new RestoreStep(AwsClients.rds(), Clock.systemUTC()));
    }

    public RestoreHandler(RestoreStep step) {
        super(step::restore);
    }
}
