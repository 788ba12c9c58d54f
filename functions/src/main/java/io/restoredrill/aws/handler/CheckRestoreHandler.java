package io.restoredrill.aws.handler;

import io.restoredrill.aws.check.CheckStep;
import io.restoredrill.aws.clients.AwsClients;
import java.time.Clock;

/** The CheckRestore task: looks at the restored database once; ends Restore and records its endpoint when it is available; sets {@code progress.poll}. */
public final class CheckRestoreHandler extends StateHandler {

    /** Used by the Lambda runtime: real clients, built once per container. */
    public CheckRestoreHandler() {
        this(new CheckStep(AwsClients.rds(), Clock.systemUTC()));
    }

    public CheckRestoreHandler(CheckStep step) {
        super(step::checkRestore);
    }
}
