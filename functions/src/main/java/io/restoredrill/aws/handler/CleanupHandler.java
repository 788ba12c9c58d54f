package io.restoredrill.aws.handler;

import io.restoredrill.aws.cleanup.CleanupStep;
import io.restoredrill.aws.clients.AwsClients;
import java.time.Clock;

/** The Cleanup task: deletes what the drill created, after checking every tag; adds {@code progress.cleanup}. */
public final class CleanupHandler extends StateHandler {

    /** Used by the Lambda runtime: real clients, built once per container. */
    public CleanupHandler() {
        this(new CleanupStep(AwsClients.rds(), AwsClients.secretsManager(), Clock.systemUTC()));
    }

    public CleanupHandler(CleanupStep step) {
        super(step::cleanup);
    }
}
