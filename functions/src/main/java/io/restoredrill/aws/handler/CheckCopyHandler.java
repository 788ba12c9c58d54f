package io.restoredrill.aws.handler;

import io.restoredrill.aws.check.CheckStep;
import io.restoredrill.aws.clients.AwsClients;
import java.time.Clock;

/** The CheckCopy task: looks at the copy in the recovery region once; ends Copy when it is available; sets {@code progress.poll}. */
public final class CheckCopyHandler extends StateHandler {

    /** Used by the Lambda runtime: real clients, built once per container. */
    public CheckCopyHandler() {
        this(new CheckStep(AwsClients.rds(), Clock.systemUTC()));
    }

    public CheckCopyHandler(CheckStep step) {
        super(step::checkCopy);
    }
}
