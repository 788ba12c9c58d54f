package io.restoredrill.aws.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restoredrill.core.error.EnvironmentException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Credentials function never writes an unguarded secret: without its key and reader it does not start. */
class SecretGuardTest {

    @Test
    void withoutTheKeyOrTheReaderTheFunctionRefusesToStartNamingBoth() {
        for (Map<String, String> env : java.util.List.of(Map.<String, String>of(),
                Map.of("DRILL_SECRETS_KEY_ARN", "arn:aws:kms:eu-west-1:123456789012:key/k"),
                Map.of("VERIFIER_ROLE_ARN", "arn:aws:iam::123456789012:role/restore-drill-Verify"),
                Map.of("DRILL_SECRETS_KEY_ARN", "arn:aws:kms:eu-west-1:123456789012:key/k", "VERIFIER_ROLE_ARN", "Verify"))) {
            assertThatThrownBy(() -> SecretGuard.fromEnvironment(env)).as("%s", env)
                    .isInstanceOf(EnvironmentException.class)
                    .hasMessageContaining("DRILL_SECRETS_KEY_ARN").hasMessageContaining("VERIFIER_ROLE_ARN");
        }
    }

    @Test
    void theResourcePolicyDeniesReadingToEveryoneButTheVerifier() throws Exception {
        SecretGuard guard = SecretGuard.fromEnvironment(Map.of("DRILL_SECRETS_KEY_ARN", "arn:aws:kms:eu-west-1:123456789012:key/k",
                "VERIFIER_ROLE_ARN", "arn:aws:iam::123456789012:role/restore-drill-Verify"));
        var policy = io.restoredrill.core.json.Json.mapper().readTree(guard.resourcePolicy());
        assertThat(policy.at("/Statement/0/Effect").asText()).isEqualTo("Deny");
        assertThat(policy.at("/Statement/0/Principal").asText()).isEqualTo("*");
        assertThat(policy.at("/Statement/0/Action").asText()).isEqualTo("secretsmanager:GetSecretValue");
        assertThat(policy.at("/Statement/0/Condition/ArnNotEquals/aws:PrincipalArn").asText())
                .isEqualTo("arn:aws:iam::123456789012:role/restore-drill-Verify");
    }
}
