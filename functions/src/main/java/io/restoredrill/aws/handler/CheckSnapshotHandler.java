package io.restoredrill.aws.handler;

import io.restoredrill.aws.check.CheckStep;
import io.restoredrill.aws.clients.AwsClients;
import java.time.Clock;

/** The CheckSnapshot task: looks at the snapshot once; ends Snapshot when it is available; sets {@code progress.poll}. */
public final class CheckSnapshotHandler extends StateHandler {

    /** Used by the Lambda runtime: real clients, built once per container. */
    public CheckSnapshotHandler() {
        this(new CheckStep(AwsClients.rds(), Clock.systemUTC()));
    }

    public CheckSnapshotHandler(CheckStep step) {
        super(step::checkSnapshot);
    }
}
