package io.restoredrill.aws.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restoredrill.aws.Events;
import io.restoredrill.aws.copy.CopyStep;
import io.restoredrill.aws.plan.DrillDefaults;
import io.restoredrill.aws.plan.InputParser;
import io.restoredrill.aws.plan.PlanStep;
import io.restoredrill.aws.restore.RestoreStep;
import io.restoredrill.aws.snapshot.SnapshotStep;
import io.restoredrill.aws.state.DrillState;
import io.restoredrill.aws.state.PhaseMark;
import io.restoredrill.aws.testing.MotoRds;
import io.restoredrill.aws.testing.StatusRewriter;
import io.restoredrill.aws.testing.TestClock;
import io.restoredrill.core.error.BudgetExceededException;
import io.restoredrill.core.error.CopyFailedException;
import io.restoredrill.core.error.RestoreFailedException;
import io.restoredrill.core.error.SnapshotFailedException;
import io.restoredrill.core.model.Phase;
import io.restoredrill.core.model.PhaseStatus;
import io.restoredrill.testing.MotoServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Check steps of the polling loops, on moto. moto reports everything "available" at once, so
 * the in-between and failed states a real RDS reports are played by {@link StatusRewriter}, which
 * rewrites only the status word in moto's real answers.
 */
class CheckStepTest {

    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    private static final String SAMPLE_KEY = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555";

    private final StatusRewriter statuses = new StatusRewriter();
    private final MotoRds rds = new MotoRds(MOTO, statuses);
    private final TestClock clock = new TestClock(Instant.parse("2026-11-22T04:00:00Z"));
    private final CheckStep check = new CheckStep(rds, clock);

    @AfterEach
    void close() {
        rds.close();
    }

    /** The sample input (budgets: Restore 45m, RTO 1h), planned and snapshotted on the emulator. */
    private DrillState snapshotted() {
        rds.createPostgresInstance("eu-central-1", "shop-prod");
        String input = Events.read("plan.json").replace(SAMPLE_KEY, rds.createKmsKey("eu-west-1"));
        DrillState planned = new PlanStep(rds, clock)
                .plan(new InputParser(DrillDefaults.fromEnvironment(Map.of()), clock).parse(input));
        return new SnapshotStep(rds, rds.backup(), clock).snapshot(planned);
    }

    @Test
    void aSnapshotStillCreatingIsPolledAgainAndItsAvailabilityEndsTheSnapshotPhase() {
        // GIVEN a snapshot RDS first reports as creating
        DrillState state = snapshotted();
        statuses.then("creating");

        // WHEN CheckSnapshot looks twice, six minutes apart
        DrillState first = check.checkSnapshot(state);
        clock.advance(Duration.ofMinutes(6));
        DrillState second = check.checkSnapshot(first);

        // THEN the first look asks the state machine to wait, the second ends the phase and records the
        // snapshot's time (the RPO reference)
        assertThat(first.progress().poll().ready()).isFalse();
        assertThat(first.progress().poll().status()).isEqualTo("creating");
        assertThat(first.progress().mark(Phase.SNAPSHOT).orElseThrow().end()).isNull();
        assertThat(second.progress().poll().ready()).isTrue();
        PhaseMark snapshot = second.progress().mark(Phase.SNAPSHOT).orElseThrow();
        assertThat(snapshot.status()).isEqualTo(PhaseStatus.PASSED);
        assertThat(Duration.between(snapshot.start(), snapshot.end())).isEqualTo(Duration.ofMinutes(6));
        assertThat(second.progress().snapshotTime()).isNotNull();
    }

    @Test
    void aFailedSnapshotFailsTheDrillWithTheSnapshotsError() {
        DrillState state = snapshotted();
        statuses.then("failed");

        assertThatThrownBy(() -> check.checkSnapshot(state))
                .isInstanceOf(SnapshotFailedException.class)
                .hasMessageContaining(state.progress().snapshotArn())
                .hasMessageContaining("'failed'");
    }

    @Test
    void aCopyThatNeverFinishesIsStoppedAtTheDrillsTtlWhenCopyHasNoBudget() {
        // GIVEN a copy that stays "pending" and no Copy budget (the sample sets Restore and Verify only)
        DrillState copied = new CopyStep(rds, clock).copy(snapshotted());
        statuses.then("pending", "pending");
        DrillState waiting = check.checkCopy(copied);
        assertThat(waiting.progress().poll().ready()).isFalse();

        // WHEN the loop looks again after the drill's 12h TTL
        clock.advance(Duration.ofHours(12));

        // THEN the phase fails on its deadline, naming it and the last status
        assertThatThrownBy(() -> check.checkCopy(waiting))
                .isInstanceOf(BudgetExceededException.class)
                .hasMessageContaining("Copy was stopped after 12h")
                .hasMessageContaining("TTL")
                .hasMessageContaining("'pending'");
    }

    @Test
    void anUnusableCopyIsACopyFailure() {
        DrillState copied = new CopyStep(rds, clock).copy(snapshotted());
        statuses.then("error");

        assertThatThrownBy(() -> check.checkCopy(copied)).isInstanceOf(CopyFailedException.class)
                .hasMessageContaining("in eu-west-1 is 'error'");
    }

    @Test
    void aRestoreStillCreatingAtItsBudgetFailsOnTheBudgetAndAnAvailableOneRecordsItsEndpoint() {
        // GIVEN the copy restored into the isolated network
        String securityGroup = rds.createIsolatedNetwork("eu-west-1");
        DrillState copied = new CopyStep(rds, clock).copy(snapshotted());
        DrillState restoring = new RestoreStep(rds, clock).restore(io.restoredrill.aws.testing.States.withSecurityGroup(
                copied, securityGroup));

        // WHEN it is still "creating" 44 minutes later THEN the loop goes on
        clock.advance(Duration.ofMinutes(44));
        statuses.then("creating");
        DrillState waiting = check.checkRestore(restoring);
        assertThat(waiting.progress().poll().ready()).isFalse();

        // WHEN it is still "creating" at 45 minutes (the sample's Restore budget) THEN Restore fails on its budget
        clock.advance(Duration.ofMinutes(1));
        statuses.then("creating");
        assertThatThrownBy(() -> check.checkRestore(waiting))
                .isInstanceOf(BudgetExceededException.class)
                .hasMessageContaining("Restore was stopped after 45m")
                .hasMessageContaining("its budget is 45m");

        // WHEN it turns up "available" THEN the endpoint and the master user are recorded and Restore ends
        DrillState ready = check.checkRestore(waiting);
        assertThat(ready.progress().poll().ready()).isTrue();
        assertThat(ready.progress().endpoint().arn()).endsWith(":db:" + ready.names().restored());
        assertThat(ready.progress().endpoint().port()).isEqualTo(5432);
        assertThat(ready.progress().endpoint().username()).isEqualTo("admin");
        assertThat(ready.progress().mark(Phase.RESTORE).orElseThrow().status()).isEqualTo(PhaseStatus.PASSED);
    }

    @Test
    void aRestoredDatabaseThatCannotStartIsARestoreFailure() {
        String securityGroup = rds.createIsolatedNetwork("eu-west-1");
        DrillState copied = new CopyStep(rds, clock).copy(snapshotted());
        DrillState restoring = new RestoreStep(rds, clock).restore(io.restoredrill.aws.testing.States.withSecurityGroup(
                copied, securityGroup));
        statuses.then("incompatible-network");

        assertThatThrownBy(() -> check.checkRestore(restoring)).isInstanceOf(RestoreFailedException.class)
                .hasMessageContaining("is 'incompatible-network' and will not become available");
    }

}
