package io.restoredrill.aws.handler;

import io.restoredrill.aws.clients.AwsClients;
import io.restoredrill.aws.copy.CopyStep;
import java.time.Clock;

/** The Copy task: copies the snapshot into the recovery region; adds {@code progress.copyArn}. */
public final class CopyHandler extends StateHandler {

    /** Used by the Lambda runtime: real clients, built once per container. */
    public CopyHandler() {
        this(new CopyStep(AwsClients.rds(), Clock.systemUTC()));
    }

    public CopyHandler(CopyStep step) {
        super(step::copy);
    }
}
