package io.restoredrill.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.restoredrill.infra.Cfn.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * A drill's database secret is out of reach of everyone but the drill. GIVEN the example's recovery stack, THEN the
 * Credentials function is told the key for drill secrets and the Verify role (the one reader its resource policy
 * admits; functions' CredentialsStepTest proves the secret gets both); that key's policy denies its use to every
 * principal but the Credentials and Verify roles, whatever their identity policies grant; and those two use it
 * only through Secrets Manager.
 */
class DrillSecretsTest {

    private static final Template RECOVERY = Synthesized.example().recovery();

    @Test
    void credentialsIsToldTheSecretsKeyAndTheVerifierItsOnlyReader() {
        Map<String, Object> env = Functions.environment(RECOVERY, Task.CREDENTIALS);
        assertThat(Cfn.target(env.get("DRILL_SECRETS_KEY_ARN"))).isEqualTo(secretsKeyId());
        assertThat(Cfn.target(env.get("VERIFIER_ROLE_ARN"))).isEqualTo(Functions.roleId(RECOVERY, Task.VERIFY));
    }

    @Test
    void onlyTheCredentialsAndVerifyRolesMayUseTheSecretsKey() {
        Map<String, Object> policy = Cfn.map(Cfn.properties(RECOVERY, "AWS::KMS::Key").get(secretsKeyId()).get("KeyPolicy"));
        Map<String, Object> deny = Cfn.list(policy.get("Statement")).stream().map(Cfn::map)
                .filter(s -> "OnlyTheDrillFunctionsUseTheSecretsKey".equals(s.get("Sid"))).findFirst().orElseThrow();
        assertThat(deny).containsEntry("Effect", "Deny");
        assertThat(Cfn.map(deny.get("Principal"))).isEqualTo(Map.of("AWS", "*"));
        assertThat(Cfn.strings(deny.get("Action"))).containsExactlyInAnyOrder("kms:Decrypt", "kms:Encrypt",
                "kms:GenerateDataKey*", "kms:ReEncrypt*");
        List<String> exceptions = Cfn.list(Cfn.map(Cfn.map(deny.get("Condition")).get("ArnNotEquals")).get("aws:PrincipalArn"))
                .stream().map(Cfn::target).toList();
        assertThat(exceptions).containsExactlyInAnyOrder(Functions.roleId(RECOVERY, Task.CREDENTIALS),
                Functions.roleId(RECOVERY, Task.VERIFY));
    }

    @Test
    void onlyCredentialsAndVerifyMayUseTheSecretsKeyAndOnlyThroughSecretsManager() {
        String key = "<" + secretsKeyId() + ".Arn>";
        List<Statement> onKey = Cfn.statements(RECOVERY).stream().filter(s -> s.resources().contains(key)).toList();
        assertThat(onKey).extracting(Statement::sid).containsExactlyInAnyOrder("EncryptDrillSecret", "DecryptDrillSecret");
        assertThat(onKey).allSatisfy(s -> assertThat(String.valueOf(s.condition("StringEquals", "kms:ViaService")))
                .isEqualTo("[secretsmanager.eu-west-1.amazonaws.com]"));
        assertThat(onKey.stream().filter(s -> s.sid().equals("DecryptDrillSecret")).findFirst().orElseThrow().roles())
                .containsExactly("<Ref:" + Functions.roleId(RECOVERY, Task.VERIFY) + ">");
        assertThat(onKey.stream().filter(s -> s.sid().equals("EncryptDrillSecret")).findFirst().orElseThrow().roles())
                .containsExactly("<Ref:" + Functions.roleId(RECOVERY, Task.CREDENTIALS) + ">");
    }

    private static String secretsKeyId() {
        return Cfn.properties(RECOVERY, "AWS::KMS::Key").entrySet().stream()
                .filter(e -> String.valueOf(e.getValue().get("Description")).contains("database secrets"))
                .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("no key for drill secrets"));
    }
}
