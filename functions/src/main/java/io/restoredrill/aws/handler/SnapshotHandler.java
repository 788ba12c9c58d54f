package io.restoredrill.aws.handler;

import io.restoredrill.aws.snapshot.SnapshotStep;
import io.restoredrill.aws.rds.RdsClients;

/** The Snapshot task: takes or picks the snapshot to restore; returns the state with {@code snapshotArn}. */
public final class SnapshotHandler extends StateHandler {

    /** Used by the Lambda runtime: real clients, built once per container. */
    public SnapshotHandler() {
        this(new SnapshotStep(new RdsClients()));
    }

    public SnapshotHandler(SnapshotStep step) {
        super(step::snapshot);
    }
}
