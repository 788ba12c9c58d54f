package io.restoredrill.aws.check;

import io.restoredrill.aws.rds.Arns;
import io.restoredrill.aws.state.DrillState;
import io.restoredrill.aws.state.PhaseMark;
import io.restoredrill.aws.state.Poll;
import io.restoredrill.aws.state.Progress;
import io.restoredrill.aws.state.RestoredEndpoint;
import io.restoredrill.core.error.BudgetExceededException;
import io.restoredrill.core.error.CopyFailedException;
import io.restoredrill.core.error.DrillException;
import io.restoredrill.core.error.RestoreFailedException;
import io.restoredrill.core.error.SnapshotFailedException;
import io.restoredrill.core.model.Phase;
import io.restoredrill.core.model.PhaseStatus;
import io.restoredrill.core.time.Durations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSnapshot;

/**
 * The Check tasks of the polling loops (Wait, Check, Choice on {@code progress.poll.ready}): one
 * look at the snapshot, the copy or the restored database. Ready ends the phase; a failed
 * resource fails it with the phase's own error; a phase still waiting at its deadline fails with
 * {@link BudgetExceededException}, so no loop outlives its budget.
 *
 * <p>The deadline is the phase's budget from its start; Restore is also bound by the RTO; a phase
 * without a budget is bound by the drill's TTL, after which the Janitor would remove its resources.
 */
public final class CheckStep {

    private final Function<String, RdsClient> rdsInRegion;
    private final Clock clock;

    public CheckStep(Function<String, RdsClient> rdsInRegion, Clock clock) {
        this.rdsInRegion = rdsInRegion;
        this.clock = clock;
    }

    public DrillState checkSnapshot(DrillState state) {
        String arn = state.progress().snapshotArn();
        RdsClient rds = rdsInRegion.apply(Arns.region(arn));
        Look look = lookAtSnapshot(rds, arn);
        DrillState checked = decide(state, Phase.SNAPSHOT, look, ResourceStatus.SNAPSHOT,
                reason -> new SnapshotFailedException("Snapshot " + arn + " " + reason + "."));
        if (checked.progress().poll().ready()) {
            return checked.with(checked.progress().withSnapshotTime(look.createdAt()));
        }
        return checked;
    }

    public DrillState checkCopy(DrillState state) {
        String arn = state.progress().copyArn();
        RdsClient rds = rdsInRegion.apply(state.recoveryRegion());
        Look look = lookAtSnapshot(rds, arn);
        return decide(state, Phase.COPY, look, ResourceStatus.SNAPSHOT,
                reason -> new CopyFailedException("The copy " + arn + " in " + state.recoveryRegion() + " " + reason + "."));
    }

    public DrillState checkRestore(DrillState state) {
        RdsClient rds = rdsInRegion.apply(state.recoveryRegion());
        boolean restoreTest = state.restoreTest() != null;
        String restored = restoreTest ? state.restoreTest().identifier() : state.names().restored();
        Function<String, DrillException> failed = reason -> new RestoreFailedException("The restored database "
                + restored + " in " + state.recoveryRegion() + " " + reason + ".");
        boolean restoredCluster = restoreTest ? state.restoreTest().cluster()
                : state.pointInTime() == null && Arns.isClusterSnapshot(state.progress().copyArn());
        if (restoredCluster) {
            DBCluster cluster = rds.describeDBClusters(r -> r.dbClusterIdentifier(restored)).dbClusters().get(0);
            DBInstance writer = rds.describeDBInstances(r -> r.dbInstanceIdentifier(state.names().writer())).dbInstances().get(0);
            boolean clusterUp = ResourceStatus.DATABASE.ready(cluster.status());
            Look look = new Look(clusterUp ? writer.dbInstanceStatus() : cluster.status(), null);
            DrillState checked = decide(state, Phase.RESTORE, look, ResourceStatus.DATABASE, failed);
            return checked.progress().poll().ready() ? checked.with(checked.progress().withEndpoint(new RestoredEndpoint(
                    cluster.dbClusterArn(), cluster.endpoint(), cluster.port(), cluster.masterUsername()))) : checked;
        }
        DBInstance instance = rds.describeDBInstances(r -> r.dbInstanceIdentifier(restored)).dbInstances().get(0);
        DrillState checked = decide(state, Phase.RESTORE, new Look(instance.dbInstanceStatus(), null),
                ResourceStatus.DATABASE, failed);
        return checked.progress().poll().ready() ? checked.with(checked.progress().withEndpoint(new RestoredEndpoint(
                instance.dbInstanceArn(), instance.endpoint().address(), instance.endpoint().port(),
                instance.masterUsername()))) : checked;
    }

    /** Snapshots are described by name and type in their own region, as RDS wants for automated and backup ones. */
    private static Look lookAtSnapshot(RdsClient rds, String arn) {
        String name = Arns.name(arn);
        String type = Arns.snapshotType(arn);
        if (Arns.isClusterSnapshot(arn)) {
            DBClusterSnapshot snapshot = rds.describeDBClusterSnapshots(r -> r.dbClusterSnapshotIdentifier(name)
                    .snapshotType(type)).dbClusterSnapshots().get(0);
            return new Look(snapshot.status(), snapshot.snapshotCreateTime());
        }
        DBSnapshot snapshot = rds.describeDBSnapshots(r -> r.dbSnapshotIdentifier(name).snapshotType(type))
                .dbSnapshots().get(0);
        return new Look(snapshot.status(), snapshot.snapshotCreateTime());
    }

    /** What one describe call saw. */
    private record Look(String status, Instant createdAt) {
    }

    private DrillState decide(DrillState state, Phase phase, Look look, ResourceStatus kind,
                              Function<String, DrillException> failure) {
        Instant now = clock.instant();
        Progress progress = state.progress();
        if (kind.ready(look.status())) {
            return state.with(progress.finished(phase, now, PhaseStatus.PASSED, "became available")
                    .withPoll(new Poll(phase, true, look.status())));
        }
        if (kind.failed(look.status())) {
            throw failure.apply("is '" + look.status() + "' and will not become available");
        }
        Instant start = progress.mark(phase).map(PhaseMark::start).orElse(now);
        Deadline deadline = deadline(state, phase, start);
        if (!now.isBefore(deadline.at())) {
            throw new BudgetExceededException(phase + " was stopped after " + Durations.format(Duration.between(start, now))
                    + ": " + deadline.why() + " (last status '" + look.status() + "').");
        }
        return state.with(progress.withPoll(new Poll(phase, false, look.status())));
    }

    private record Deadline(Instant at, String why) {
    }

    private static Deadline deadline(DrillState state, Phase phase, Instant start) {
        Deadline deadline = new Deadline(state.expiresAt(), "the drill reached its TTL, " + state.expiresAt());
        Duration budget = state.budgets().budgetOf(phase);
        if (budget != null && start.plus(budget).isBefore(deadline.at())) {
            deadline = new Deadline(start.plus(budget), "its budget is " + Durations.format(budget));
        }
        if (phase == Phase.RESTORE && start.plus(state.budgets().rto()).isBefore(deadline.at())) {
            deadline = new Deadline(start.plus(state.budgets().rto()),
                    "the restore did not finish within the RTO budget of " + Durations.format(state.budgets().rto()));
        }
        return deadline;
    }
}
