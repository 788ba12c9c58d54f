package io.restoredrill.aws.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restoredrill.aws.Events;
import io.restoredrill.aws.check.CheckStep;
import io.restoredrill.aws.cleanup.CleanupStep;
import io.restoredrill.aws.copy.CopyStep;
import io.restoredrill.aws.credentials.CredentialsStep;
import io.restoredrill.aws.janitor.JanitorResult;
import io.restoredrill.aws.janitor.JanitorStep;
import io.restoredrill.aws.plan.DrillDefaults;
import io.restoredrill.aws.plan.InputParser;
import io.restoredrill.aws.plan.PlanStep;
import io.restoredrill.aws.restore.RestoreStep;
import io.restoredrill.aws.snapshot.SnapshotStep;
import io.restoredrill.aws.state.DrillState;
import io.restoredrill.aws.testing.DeployedFunctions;
import io.restoredrill.aws.testing.DeployedRoles.Deployment;
import io.restoredrill.aws.testing.MotoRds;
import io.restoredrill.aws.testing.States;
import io.restoredrill.aws.testing.TestClock;
import io.restoredrill.testing.MotoServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DeleteDbInstanceRequest;

/**
 * Cleanup dies half-way (its Lambda timed out or was killed after the first delete), and nobody
 * runs it again: once the drill's TTL has passed, the Janitor removes the rest, and only that.
 * The kill is played by an interceptor that stops the Cleanup process right after its first
 * delete reached moto.
 */
class InterruptedCleanupTest {

    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    private static final String SAMPLE_KEY = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555";

    /** Thrown where the Lambda runtime would have stopped the Cleanup function. */
    private static final class Killed extends RuntimeException {
        Killed() {
            super("Cleanup's Lambda was stopped here");
        }
    }

    private final AtomicBoolean killAfterFirstDelete = new AtomicBoolean();
    private final MotoRds aws = new MotoRds(MOTO, new ExecutionInterceptor() {
        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (killAfterFirstDelete.get() && context.request() instanceof DeleteDbInstanceRequest) {
                throw new Killed();
            }
        }
    });
    private final TestClock clock = new TestClock(Instant.now());
    private String keyArn;
    /** Each step, and the Janitor, runs as its function's deployed role. */
    private final DeployedFunctions deployed = new DeployedFunctions(MOTO, aws, () -> Deployment.of("eu-central-1", "eu-west-1",
            keyArn));

    @AfterEach
    void close() {
        try {
            deployed.close();
        } finally {
            aws.close();
        }
    }

    /** A drill of the sample input restored and credentialed on moto: instance, two snapshots and a secret, all tagged. */
    private DrillState credentialedDrill(boolean keep) {
        RdsClient source = aws.apply("eu-central-1");
        aws.createPostgresInstance("eu-central-1", "shop-prod");
        source.createDBSnapshot(r -> r.dbInstanceIdentifier("shop-prod").dbSnapshotIdentifier("nightly-manual"));
        String securityGroup = aws.createIsolatedNetwork("eu-west-1");
        keyArn = aws.createKmsKey("eu-west-1");
        String input = Events.with(Events.read("plan.json").replace(SAMPLE_KEY, keyArn), "keep", keep);
        DrillState planned = States.withSecurityGroup(new PlanStep(deployed.as("Plan"), clock)
                .plan(new InputParser(DrillDefaults.fromEnvironment(Map.of()), clock).parse(input)), securityGroup);
        DrillState snapshotted = new CheckStep(deployed.as("CheckSnapshot"), clock).checkSnapshot(
                new SnapshotStep(deployed.as("Snapshot"), deployed.as("Snapshot").backup(), clock).snapshot(planned));
        DrillState copied = new CheckStep(deployed.as("CheckCopy"), clock).checkCopy(
                new CopyStep(deployed.as("Copy"), clock).copy(snapshotted));
        DrillState restored = new CheckStep(deployed.as("CheckRestore"), clock).checkRestore(
                new RestoreStep(deployed.as("Restore"), clock).restore(copied));
        MotoRds credentials = deployed.as("Credentials");
        return new CredentialsStep(credentials, credentials.secrets(), deployed.secretGuard(), clock).credentials(restored);
    }

    @Test
    void aCleanupKilledAfterItsFirstDeleteIsFinishedByTheJanitorOnceTheTtlHasPassed() {
        // GIVEN a drill restored and credentialed on moto: instance, two snapshots and a secret, all tagged
        RdsClient source = aws.apply("eu-central-1");
        RdsClient recovery = aws.apply("eu-west-1");
        DrillState credentialed = credentialedDrill(false);

        // WHEN Cleanup is stopped right after deleting the restored instance
        killAfterFirstDelete.set(true);
        assertThatThrownBy(() -> new CleanupStep(deployed.as("Cleanup"), deployed.as("Cleanup").secrets(), clock).cleanup(credentialed)).isInstanceOf(Killed.class);
        killAfterFirstDelete.set(false);

        // THEN the snapshots and the secret are still there
        assertThat(recovery.describeDBSnapshots(r -> r.snapshotType("manual")).dbSnapshots()).hasSize(1);
        assertThat(aws.secrets().apply("eu-west-1").listSecrets().secretList()).hasSize(1);

        // WHEN the Janitor runs before the TTL THEN it leaves them: the drill may still be cleaning up
        JanitorStep janitor = new JanitorStep(deployed.as("Janitor"), deployed.as("Janitor").secrets(), clock);
        assertThat(janitor.sweep(List.of("eu-central-1", "eu-west-1"), "eu-west-1").removed()).isEmpty();

        // WHEN it runs after the TTL
        clock.advance(credentialed.ttl().plus(Duration.ofMinutes(1)));
        JanitorResult swept = janitor.sweep(List.of("eu-central-1", "eu-west-1"), "eu-west-1");

        // THEN it removed exactly what Cleanup left, and the source and its manual snapshot are untouched
        assertThat(swept.removed()).extracting(JanitorResult.Removed::name).containsExactlyInAnyOrder(
                credentialed.names().snapshot(), credentialed.names().copy(), credentialed.names().secret());
        assertThat(recovery.describeDBSnapshots(r -> r.snapshotType("manual")).dbSnapshots()).isEmpty();
        assertThat(recovery.describeDBInstances().dbInstances()).isEmpty();
        assertThat(aws.secrets().apply("eu-west-1").listSecrets().secretList()).isEmpty();
        assertThat(source.describeDBInstances().dbInstances()).hasSize(1);
        assertThat(source.describeDBSnapshots(r -> r.snapshotType("manual")).dbSnapshots())
                .extracting(s -> s.dbSnapshotIdentifier()).containsExactly("nightly-manual");
    }

    @Test
    void aDrillKeptForInspectionLeavesItsCopyAndSecretSaysHowToReachThemAndTheJanitorRemovesThemAfterTheTtl() {
        // GIVEN a drill started with keep, restored and credentialed
        RdsClient recovery = aws.apply("eu-west-1");
        DrillState credentialed = credentialedDrill(true);

        // WHEN Cleanup runs
        DrillState cleaned = new CleanupStep(deployed.as("Cleanup"), deployed.as("Cleanup").secrets(), clock).cleanup(credentialed);

        // THEN only the snapshots are gone; the restored instance and its secret stay, and the phase says until when,
        // and how to connect: from the verifier's security group, with the secret's password, never the password itself
        assertThat(cleaned.progress().cleanup().deleted()).containsExactlyInAnyOrder(
                "snapshot " + credentialed.names().snapshot(), "snapshot " + credentialed.names().copy());
        assertThat(recovery.describeDBInstances().dbInstances()).extracting(i -> i.dbInstanceIdentifier())
                .containsExactly(credentialed.names().restored());
        assertThat(aws.secrets().apply("eu-west-1").listSecrets().secretList()).hasSize(1);
        String detail = cleaned.progress().mark(io.restoredrill.core.model.Phase.CLEANUP).orElseThrow().detail();
        assertThat(detail).contains("Kept for inspection until " + credentialed.expiresAt() + " (then the Janitor removes them): ")
                .contains("instance " + credentialed.names().restored())
                .contains("Connect from the verifier's security group (" + credentialed.restore().securityGroupIds().get(0))
                .contains("psql \"host=" + credentialed.progress().endpoint().host() + " port="
                        + credentialed.progress().endpoint().port() + " dbname=" + credentialed.database())
                .contains("aws secretsmanager get-secret-value --secret-id " + credentialed.progress().secretArn());

        // WHEN the Janitor runs before the TTL THEN they stay; after it, they are gone
        JanitorStep janitor = new JanitorStep(deployed.as("Janitor"), deployed.as("Janitor").secrets(), clock);
        assertThat(janitor.sweep(List.of("eu-central-1", "eu-west-1"), "eu-west-1").removed()).isEmpty();
        clock.advance(credentialed.ttl().plus(Duration.ofMinutes(1)));
        assertThat(janitor.sweep(List.of("eu-central-1", "eu-west-1"), "eu-west-1").removed())
                .extracting(JanitorResult.Removed::name)
                .containsExactlyInAnyOrder(credentialed.names().restored(), credentialed.names().secret());
        assertThat(aws.secrets().apply("eu-west-1").listSecrets().secretList()).isEmpty();
    }
}
