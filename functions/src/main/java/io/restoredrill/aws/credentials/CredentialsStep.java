package io.restoredrill.aws.credentials;

import io.restoredrill.aws.drill.DrillTags;
import io.restoredrill.aws.rds.Arns;
import io.restoredrill.aws.rds.Ownership;
import io.restoredrill.aws.rds.RdsTags;
import io.restoredrill.aws.state.DrillState;
import io.restoredrill.aws.state.Progress;
import io.restoredrill.aws.state.RestoredEndpoint;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.error.ServiceUnavailableException;
import io.restoredrill.core.error.UnsafeTargetException;
import io.restoredrill.core.model.Phase;
import io.restoredrill.core.model.PhaseStatus;
import io.restoredrill.core.postgres.Passwords;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterStateException;
import software.amazon.awssdk.services.rds.model.InvalidDbInstanceStateException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * Credentials: gives the restored database a fresh random master password that lives only in the
 * drill's own Secrets Manager secret ({@code names.secret}, drill tags, recovery region), never in
 * the state or a log. Both the secret and the restored instance or cluster must carry this drill's
 * tags before anything is written to them. A retry puts a new password into its own secret and sets
 * that one, so the secret always holds the password last asked for. The secret is encrypted with the
 * deployment's key for drill secrets and readable by the verifier's role alone ({@link SecretGuard}).
 */
public final class CredentialsStep {

    private final Function<String, RdsClient> rdsInRegion;
    private final Function<String, SecretsManagerClient> secretsInRegion;
    private final SecretGuard guard;
    private final Supplier<String> passwords;
    private final Clock clock;

    public CredentialsStep(Function<String, RdsClient> rdsInRegion, Function<String, SecretsManagerClient> secretsInRegion,
                           SecretGuard guard, Clock clock) {
        this(rdsInRegion, secretsInRegion, guard, Passwords::generate, clock);
    }

    CredentialsStep(Function<String, RdsClient> rdsInRegion, Function<String, SecretsManagerClient> secretsInRegion,
                    SecretGuard guard, Supplier<String> passwords, Clock clock) {
        this.rdsInRegion = rdsInRegion;
        this.secretsInRegion = secretsInRegion;
        this.guard = guard;
        this.passwords = passwords;
        this.clock = clock;
    }

    public DrillState credentials(DrillState state) {
        Progress progress = state.progress().started(Phase.CREDENTIALS, clock.instant());
        RestoredEndpoint endpoint = progress.endpoint();
        if (endpoint == null) {
            throw new InvalidInputException("The drill state has no progress.endpoint; Credentials runs after CheckRestore"
                    + " found the restored database available.");
        }
        RdsClient rds = rdsInRegion.apply(state.recoveryRegion());
        Target target = Target.of(endpoint.arn());
        String refusal = "will not change the master password of " + target.describe();
        if (state.restoreTest() != null) {
            Ownership.requireRestoreTestResource(rds, state.restoreTest(), endpoint.arn(), refusal);
        } else {
            requireDrillOwned(RdsTags.read(rds, endpoint.arn()), state.drillId(), refusal);
        }

        DatabaseSecret secret = new DatabaseSecret(DatabaseSecret.POSTGRES, endpoint.host(), endpoint.port(),
                endpoint.username(), passwords.get(), state.database());
        String secretArn = store(secretsInRegion.apply(state.recoveryRegion()), state, secret);
        target.setPassword(rds, secret.password());

        return state.with(progress.withSecret(secretArn).finished(Phase.CREDENTIALS, clock.instant(), PhaseStatus.PASSED,
                "A fresh master password for " + endpoint.username() + " is set on " + target.describe()
                        + " and kept only in secret " + state.names().secret() + "."));
    }

    /** The secret is guarded (key and resource policy) before the database's password is changed to its value. */
    private String store(SecretsManagerClient secrets, DrillState state, DatabaseSecret secret) {
        String name = state.names().secret();
        String arn;
        try {
            arn = secrets.createSecret(r -> r
                    .name(name)
                    .description("Restore Drill " + state.drillId() + ": master credentials of the restored copy "
                            + state.names().restored() + "; deleted by the drill's Cleanup.")
                    .kmsKeyId(guard.kmsKeyId())
                    .secretString(secret.toJson())
                    .tags(state.tags().entrySet().stream()
                            .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())).arn();
        } catch (ResourceExistsException e) {
            DescribeSecretResponse existing = secrets.describeSecret(r -> r.secretId(name));
            requireDrillOwned(existing.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b)),
                    state.drillId(), "will not write to secret " + name + " in " + state.recoveryRegion());
            secrets.putSecretValue(r -> r.secretId(existing.arn()).secretString(secret.toJson()));
            arn = existing.arn();
        }
        String secretArn = arn;
        secrets.putResourcePolicy(r -> r.secretId(secretArn).resourcePolicy(guard.resourcePolicy()).blockPublicPolicy(true));
        return secretArn;
    }

    private static void requireDrillOwned(Map<String, String> tags, String drillId, String refusal) {
        if (!DrillTags.ownedBy(tags, drillId)) {
            throw new UnsafeTargetException("The drill " + refusal + ": it does not carry this drill's tags ("
                    + DrillTags.MANAGED + "=" + tags.get(DrillTags.MANAGED) + ", " + DrillTags.DRILL_ID + "="
                    + tags.get(DrillTags.DRILL_ID) + ", expected true and " + drillId + ").");
        }
    }

    /** The restored RDS instance, or Aurora cluster, whose master password is set. */
    private record Target(boolean cluster, String identifier) {

        static Target of(String arn) {
            return new Target(Arns.isCluster(arn), Arns.name(arn));
        }

        String describe() {
            return (cluster ? "Aurora cluster " : "instance ") + identifier;
        }

        /** A database still applying a previous change refuses a new one for a while: retryable. */
        void setPassword(RdsClient rds, String password) {
            try {
                if (cluster) {
                    boolean managed = rds.describeDBClusters(r -> r.dbClusterIdentifier(identifier)).dbClusters().get(0)
                            .masterUserSecret() != null;
                    rds.modifyDBCluster(r -> r.dbClusterIdentifier(identifier).masterUserPassword(password)
                            .manageMasterUserPassword(managed ? Boolean.FALSE : null).applyImmediately(true));
                } else {
                    boolean managed = rds.describeDBInstances(r -> r.dbInstanceIdentifier(identifier)).dbInstances().get(0)
                            .masterUserSecret() != null;
                    rds.modifyDBInstance(r -> r.dbInstanceIdentifier(identifier).masterUserPassword(password)
                            .manageMasterUserPassword(managed ? Boolean.FALSE : null).applyImmediately(true));
                }
            } catch (InvalidDbInstanceStateException | InvalidDbClusterStateException e) {
                throw new ServiceUnavailableException(describe() + " cannot take a new master password yet ("
                        + e.awsErrorDetails().errorMessage() + "); the step is retried.", e);
            }
        }
    }
}
