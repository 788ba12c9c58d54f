package io.restoredrill.aws.testing;

import io.restoredrill.testing.MotoServer;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The functions' clients as deployed ({@link DeployedRoles}), for tests that set up the emulator and
 * run steps in turn: IAM is enforced from the first {@link #as} on (set-up calls made before or after
 * sign as the test user), and {@link #close} fails the test if any function was refused a call.
 *
 * <pre>{@code
 * private final DeployedFunctions deployed = new DeployedFunctions(MOTO, rds, () -> Deployment.of(...));
 * new CopyStep(deployed.as("Copy"), clock) ...
 * @AfterEach void close() { deployed.close(); rds.close(); }
 * }</pre>
 */
public final class DeployedFunctions implements AutoCloseable {

    private final MotoServer moto;
    private final MotoRds aws;
    private final Supplier<DeployedRoles.Deployment> deployment;
    private final Map<String, MotoRds> functions = new HashMap<>();
    private DeployedRoles roles;

    /** @param deployment read at the first {@link #as}, once the test has made what it names (e.g. the KMS key) */
    public DeployedFunctions(MotoServer moto, MotoRds aws, Supplier<DeployedRoles.Deployment> deployment) {
        this.moto = moto;
        this.aws = aws;
        this.deployment = deployment;
    }

    /** The clients of one function (Plan, Snapshot, CheckSnapshot, …, Janitor), the same object each time. */
    public synchronized MotoRds as(String function) {
        if (roles == null) {
            roles = DeployedRoles.enforce(moto, deployment.get());
        }
        return functions.computeIfAbsent(function, f -> aws.as(roles, f));
    }

    /** The Credentials function's guard of a drill's secret in this deployment. */
    public io.restoredrill.aws.credentials.SecretGuard secretGuard() {
        return deployment.get().secretGuard();
    }

    /** Fails when a function was refused a call; its clients close with the test's {@link MotoRds}. */
    @Override
    public synchronized void close() {
        if (roles != null) {
            roles.assertNothingDenied();
        }
    }
}
