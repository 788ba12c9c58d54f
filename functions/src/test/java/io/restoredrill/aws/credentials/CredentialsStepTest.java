package io.restoredrill.aws.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.aws.Events;
import io.restoredrill.aws.drill.DrillTags;
import io.restoredrill.aws.rds.RdsTags;
import io.restoredrill.aws.state.DrillState;
import io.restoredrill.aws.state.RestoredEndpoint;
import io.restoredrill.aws.testing.DeployedFunctions;
import io.restoredrill.aws.testing.DeployedRoles.Deployment;
import io.restoredrill.aws.testing.MotoRds;
import io.restoredrill.aws.testing.RequestRecorder;
import io.restoredrill.core.error.UnsafeTargetException;
import io.restoredrill.core.json.Json;
import io.restoredrill.core.model.Phase;
import io.restoredrill.core.model.PhaseStatus;
import io.restoredrill.testing.MotoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.PutResourcePolicyRequest;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * Credentials on moto: the exact CreateSecret and ModifyDBInstance requests, a retry, an Aurora
 * cluster, and refusals to touch another drill's secret or database. Verify's tests run the same
 * step against a real PostgreSQL server.
 */
class CredentialsStepTest {

    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T04:41:15Z"), ZoneOffset.UTC);
    private static final String SAMPLE_INSTANCE_ARN = "arn:aws:rds:eu-west-1:123456789012:db:drill-shop-prod-20261122-040000-3fa9c2";

    private final RequestRecorder recorder = new RequestRecorder();
    private final MotoRds aws = new MotoRds(MOTO, recorder);
    private final DrillState sample = sample();
    /** Credentials runs as its deployed role. */
    private final DeployedFunctions deployed = new DeployedFunctions(MOTO, aws, () -> Deployment.of("eu-central-1", "eu-west-1",
            "arn:aws:kms:eu-west-1:123456789012:key/any"));

    @AfterEach
    void close() {
        try {
            deployed.close();
        } finally {
            aws.close();
        }
    }

    private static DrillState sample() {
        try {
            return Json.mapper().readValue(Events.read("credentials.json"), DrillState.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private RdsClient rds() {
        return aws.apply("eu-west-1");
    }

    private SecretsManagerClient secrets() {
        return aws.secrets().apply("eu-west-1");
    }

    /** The restored instance as Restore would have left it; moto's account id makes its ARN the sample's. */
    private String restoredInstance(Map<String, String> tags, boolean rdsManagesPassword) {
        return rds().createDBInstance(r -> r.dbInstanceIdentifier(sample.names().restored()).engine("postgres")
                .dbInstanceClass("db.t4g.medium").allocatedStorage(20).masterUsername("postgres")
                .masterUserPassword(rdsManagesPassword ? null : "from-the-source-1")
                .manageMasterUserPassword(rdsManagesPassword ? Boolean.TRUE : null)
                .tags(RdsTags.of(tags))).dbInstance().dbInstanceArn();
    }

    private CredentialsStep step() {
        return new CredentialsStep(deployed.as("Credentials"), deployed.as("Credentials").secrets(), deployed.secretGuard(),
                CLOCK);
    }

    private String secretValue() {
        return secrets().getSecretValue(r -> r.secretId(sample.names().secret())).secretString();
    }

    private static Map<String, String> otherDrillsTags() {
        return DrillTags.of("20261121-040000-aaaaaa", "shop-prod", Instant.parse("2026-11-21T16:00:00Z"));
    }

    @Test
    void aFreshPasswordGoesIntoTheDrillsTaggedSecretAndOntoTheRestoredInstanceAndNowhereElse() throws Exception {
        // GIVEN the restored instance of the sample drill, with the drill's tags
        assertThat(restoredInstance(sample.tags(), false)).isEqualTo(SAMPLE_INSTANCE_ARN);

        // WHEN Credentials runs on the sample state
        DrillState done = step().credentials(sample);

        // THEN one CreateSecret request names the drill's secret, carries the drill's tags and the standard RDS JSON
        List<CreateSecretRequest> created = recorder.sent(CreateSecretRequest.class);
        assertThat(created).hasSize(1);
        CreateSecretRequest request = created.get(0);
        assertThat(request.name()).isEqualTo("restore-drill/shop-prod/20261122-040000-3fa9c2");
        assertThat(request.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value))).isEqualTo(sample.tags())
                .containsEntry(DrillTags.MANAGED, "true").containsEntry(DrillTags.DRILL_ID, "20261122-040000-3fa9c2");
        assertThat(request.description()).contains("20261122-040000-3fa9c2", "deleted by the drill's Cleanup");
        DatabaseSecret stored = DatabaseSecret.parse(secretValue(), "test");
        assertThat(Json.mapper().readTree(request.secretString()).properties()).extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrder("engine", "host", "port", "username", "password", "dbname");
        assertThat(stored).usingRecursiveComparison().ignoringFields("password").isEqualTo(new DatabaseSecret("postgres",
                "drill-shop-prod-20261122-040000-3fa9c2.c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com", 5432, "postgres", null, "shop"));
        assertThat(stored.password()).hasSize(32);
        // AND the secret is encrypted with the deployment's key for drill secrets and only the verifier may read it,
        // guarded before the database's password is changed
        assertThat(request.kmsKeyId()).isEqualTo(deployed.secretGuard().kmsKeyId());
        assertThat(secrets().describeSecret(r -> r.secretId(request.name())).kmsKeyId()).isEqualTo(request.kmsKeyId());
        JsonNode policy = Json.mapper().readTree(secrets().getResourcePolicy(r -> r.secretId(request.name())).resourcePolicy());
        assertThat(policy.at("/Statement/0/Effect").asText()).isEqualTo("Deny");
        assertThat(policy.at("/Statement/0/Action").asText()).isEqualTo("secretsmanager:GetSecretValue");
        assertThat(policy.at("/Statement/0/Condition/ArnNotEquals/aws:PrincipalArn").asText())
                .isEqualTo("arn:aws:iam::123456789012:role/restore-drill-Verify");
        assertThat(recorder.sent(PutResourcePolicyRequest.class)).singleElement()
                .satisfies(put -> assertThat(put.blockPublicPolicy()).isTrue());
        // AND one ModifyDBInstance request sets exactly that password at once on the restored instance
        List<ModifyDbInstanceRequest> modified = recorder.sent(ModifyDbInstanceRequest.class);
        assertThat(modified).hasSize(1);
        assertThat(modified.get(0).dbInstanceIdentifier()).isEqualTo("drill-shop-prod-20261122-040000-3fa9c2");
        assertThat(modified.get(0).applyImmediately()).isTrue();
        assertThat(modified.get(0).masterUserPassword()).isEqualTo(stored.password());
        assertThat(modified.get(0).manageMasterUserPassword()).isNull();
        // AND the state names the secret and ends the phase, without the password anywhere in it
        assertThat(done.progress().secretArn()).isEqualTo(secrets().describeSecret(r -> r.secretId(request.name())).arn());
        assertThat(done.progress().mark(Phase.CREDENTIALS).orElseThrow().status()).isEqualTo(PhaseStatus.PASSED);
        assertThat(Json.mapper().writeValueAsString(done)).doesNotContain(stored.password());
        assertThat(stored.toString()).doesNotContain(stored.password());
        assertThat(modified.get(0).toString()).doesNotContain(stored.password());
    }

    @Test
    void aRetryPutsANewPasswordIntoItsOwnSecretAndSetsThatOne() {
        restoredInstance(sample.tags(), false);
        DrillState first = step().credentials(sample);
        String firstPassword = DatabaseSecret.parse(secretValue(), "test").password();

        // WHEN Credentials runs again on the same input (the state machine retried it)
        DrillState second = step().credentials(sample);

        // THEN the existing secret got a new value and the instance got that new password
        String secondPassword = DatabaseSecret.parse(secretValue(), "test").password();
        assertThat(secondPassword).isNotEqualTo(firstPassword);
        assertThat(recorder.sent(PutSecretValueRequest.class)).hasSize(1);
        assertThat(recorder.sent(ModifyDbInstanceRequest.class)).extracting(ModifyDbInstanceRequest::masterUserPassword)
                .containsExactly(firstPassword, secondPassword);
        assertThat(second.progress().secretArn()).isEqualTo(first.progress().secretArn());
    }

    @Test
    void aSecretOfAnotherDrillIsRefusedAndNothingIsChanged() {
        // GIVEN the drill's secret name is taken by a secret of another drill
        restoredInstance(sample.tags(), false);
        secrets().createSecret(r -> r.name(sample.names().secret()).secretString("{\"password\":\"theirs\"}")
                .tags(otherDrillsTags().entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()));

        // WHEN Credentials runs THEN it refuses, naming the secret and the tags it found
        assertThatThrownBy(() -> step().credentials(sample))
                .isInstanceOf(UnsafeTargetException.class)
                .hasMessageContaining("will not write to secret restore-drill/shop-prod/20261122-040000-3fa9c2 in eu-west-1")
                .hasMessageContaining("restore-drill:id=20261121-040000-aaaaaa");
        // AND neither the secret nor the instance was changed
        assertThat(secretValue()).isEqualTo("{\"password\":\"theirs\"}");
        assertThat(recorder.sent(PutSecretValueRequest.class)).isEmpty();
        assertThat(recorder.sent(ModifyDbInstanceRequest.class)).isEmpty();
    }

    @Test
    void anInstanceOfAnotherDrillIsRefusedBeforeAnySecretIsCreated() {
        // GIVEN the endpoint in the state names an instance tagged for another drill
        restoredInstance(otherDrillsTags(), false);

        assertThatThrownBy(() -> step().credentials(sample))
                .isInstanceOf(UnsafeTargetException.class)
                .hasMessageStartingWith("The drill will not change the master password of instance drill-shop-prod-20261122-040000-3fa9c2:"
                        + " it does not carry this drill's tags");
        assertThat(recorder.sent(CreateSecretRequest.class)).isEmpty();
        assertThat(recorder.sent(ModifyDbInstanceRequest.class)).isEmpty();
    }

    @Test
    void anUntaggedInstanceIsRefused() {
        restoredInstance(Map.of(), false);

        assertThatThrownBy(() -> step().credentials(sample))
                .isInstanceOf(UnsafeTargetException.class)
                .hasMessageContaining("restore-drill:managed=null");
        assertThat(recorder.sent(ModifyDbInstanceRequest.class)).isEmpty();
    }

    @Test
    void aRestoredAuroraClusterGetsItsPasswordThroughModifyDbCluster() {
        // GIVEN an Aurora cluster restored by the drill, named in the endpoint
        String clusterArn = rds().createDBCluster(r -> r.dbClusterIdentifier(sample.names().restored())
                .engine("aurora-postgresql").masterUsername("postgres").masterUserPassword("from-the-source-1")
                .tags(RdsTags.of(sample.tags()))).dbCluster().dbClusterArn();
        RestoredEndpoint endpoint = sample.progress().endpoint();
        DrillState state = sample.with(sample.progress().withEndpoint(
                new RestoredEndpoint(clusterArn, endpoint.host(), endpoint.port(), endpoint.username())));

        DrillState done = step().credentials(state);

        List<ModifyDbClusterRequest> modified = recorder.sent(ModifyDbClusterRequest.class);
        assertThat(modified).hasSize(1);
        assertThat(modified.get(0).dbClusterIdentifier()).isEqualTo(sample.names().restored());
        assertThat(modified.get(0).applyImmediately()).isTrue();
        assertThat(modified.get(0).masterUserPassword()).isEqualTo(DatabaseSecret.parse(secretValue(), "test").password());
        assertThat(recorder.sent(ModifyDbInstanceRequest.class)).isEmpty();
        assertThat(done.progress().mark(Phase.CREDENTIALS).orElseThrow().detail()).contains("Aurora cluster " + sample.names().restored());
    }

    @Test
    void aPasswordManagedByRdsIsHandedBackToTheDrill() {
        // GIVEN a restored instance whose master password RDS manages in its own secret
        restoredInstance(sample.tags(), true);

        step().credentials(sample);

        // THEN the request turns RDS's management off, which RDS requires to accept a password of our own
        ModifyDbInstanceRequest request = recorder.sent(ModifyDbInstanceRequest.class).get(0);
        assertThat(request.manageMasterUserPassword()).isFalse();
        assertThat(request.masterUserPassword()).isEqualTo(DatabaseSecret.parse(secretValue(), "test").password());
    }
}
