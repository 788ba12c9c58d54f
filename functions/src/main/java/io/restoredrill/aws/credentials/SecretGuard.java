package io.restoredrill.aws.credentials;

import io.restoredrill.core.deployment.FunctionEnvironment;
import io.restoredrill.core.error.EnvironmentException;
import java.util.Map;

/**
 * How a drill's secret is kept from everyone but the verifier: encrypted with the deployment's own key
 * for drill secrets (whose key policy lets only the Credentials and Verify roles use it), and a resource
 * policy that denies reading the value to every principal but the verifier's role. So neither broad
 * {@code secretsmanager:GetSecretValue} grants in the account nor the RDS Data API reach the restored copy.
 *
 * @param kmsKeyId       the key for drill secrets ({@code DRILL_SECRETS_KEY_ARN})
 * @param readerRoleArn  the Verify function's role ({@code VERIFIER_ROLE_ARN})
 */
public record SecretGuard(String kmsKeyId, String readerRoleArn) {

    public SecretGuard {
        if (kmsKeyId == null || kmsKeyId.isBlank() || readerRoleArn == null || !readerRoleArn.startsWith("arn:")) {
            throw new EnvironmentException("The Credentials function needs DRILL_SECRETS_KEY_ARN and VERIFIER_ROLE_ARN"
                    + " (the key that encrypts drill secrets and the Verify role's ARN); the recovery-region stack sets both.");
        }
    }

    /** The function's environment as the recovery-region stack sets it. */
    public static SecretGuard fromEnvironment(Map<String, String> env) {
        return new SecretGuard(env.get(FunctionEnvironment.DRILL_SECRETS_KEY_ARN), env.get(FunctionEnvironment.VERIFIER_ROLE_ARN));
    }

    /** The secret's resource policy: only the verifier reads the value (moto and AWS both accept it as JSON). */
    String resourcePolicy() {
        return """
                {"Version":"2012-10-17","Statement":[{"Sid":"OnlyTheVerifierReadsTheDrillsCredentials","Effect":"Deny",\
                "Principal":"*","Action":"secretsmanager:GetSecretValue","Resource":"*",\
                "Condition":{"ArnNotEquals":{"aws:PrincipalArn":"%s"}}}]}""".formatted(readerRoleArn);
    }
}
