package io.restoredrill.aws.handler;

import io.restoredrill.aws.clients.AwsClients;
import io.restoredrill.aws.snapshot.SnapshotStep;
import java.time.Clock;

/** The Snapshot task: takes or picks the snapshot to restore; adds {@code progress.snapshotArn}. */
public final class SnapshotHandler extends StateHandler {

    /** Used by the Lambda runtime: real clients, built once per container. */
    public SnapshotHandler() {
        this(new SnapshotStep(AwsClients.rds(), AwsClients.backup(), Clock.systemUTC()));
    }

    public SnapshotHandler(SnapshotStep step) {
        super(step::snapshot);
    }
}
