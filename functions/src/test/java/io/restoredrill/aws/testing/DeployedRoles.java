package io.restoredrill.aws.testing;

import io.restoredrill.aws.credentials.SecretGuard;
import io.restoredrill.testing.MotoServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The functions' roles as the recovery stack deploys them, on moto with IAM enforced: one role per
 * function holding exactly its synthesized policy (infra/policies/), which the function's clients
 * assume ({@link MotoRds#as}). The test's own calls (setting up sources, looking at what is left) sign
 * as a test user allowed everything. A call a function's policy does not allow fails as it would in
 * AWS, and {@link #assertNothingDenied} fails the test even when the code swallowed the error.
 *
 * <pre>{@code
 * DeployedRoles roles = DeployedRoles.enforce(MOTO, new DeployedRoles.Deployment(...));
 * new CopyStep(aws.as(roles, "Copy"), clock) ...
 * roles.assertNothingDenied();
 * }</pre>
 */
public final class DeployedRoles {

    /** moto's account. */
    public static final String ACCOUNT = "123456789012";
    /** Every function of the recovery stack (infra's Task): its policy file, role and state name. */
    public static final List<String> FUNCTIONS = List.of("Plan", "Snapshot", "CheckSnapshot", "Copy", "CheckCopy",
            "Restore", "CheckRestore", "Credentials", "Verify", "Cleanup", "Publish", "Janitor", "AnswerRestoreTest",
            "RestoreTestValidator");
    /** The functions that run in the isolated VPC, whose calls pass through its endpoints. */
    private static final List<String> IN_VPC = List.of("Verify");
    private static final List<String> ENDPOINTS = List.of("endpoints/S3", "endpoints/SecretsManager");
    private static final String TEST_USER = "restore-drill-tests";

    /**
     * What differs between deployments: the values of infra/policies/' placeholders.
     *
     * @param snapshotKeyArn the recovery region's snapshot key (RECOVERY_KMS_KEY_ID)
     */
    public record Deployment(String sourceRegion, String recoveryRegion, String evidenceBucket, String snapshotKeyArn,
                             String topicArn) {

        /** The stack's key for drill secrets (moto keeps the key id a secret names without checking it). */
        String secretsKeyArn() {
            return "arn:aws:kms:" + recoveryRegion + ":" + ACCOUNT + ":key/drill-secrets-key-of-the-stack";
        }

        /** What the stack gives the Credentials function: the key for drill secrets and the Verify role, their only reader. */
        public SecretGuard secretGuard() {
            return new SecretGuard(secretsKeyArn(), "arn:aws:iam::" + ACCOUNT + ":role/" + roleName("Verify"));
        }

        /** A deployment whose bucket and topic the test does not use. */
        public static Deployment of(String sourceRegion, String recoveryRegion, String snapshotKeyArn) {
            return new Deployment(sourceRegion, recoveryRegion, "restore-drill-evidence", snapshotKeyArn,
                    "arn:aws:sns:" + recoveryRegion + ":" + ACCOUNT + ":restore-drill");
        }

        Map<String, String> placeholders() {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("Partition", "aws");
            values.put("Account", ACCOUNT);
            values.put("SourceRegion", sourceRegion);
            values.put("RecoveryRegion", recoveryRegion);
            values.put("EvidenceBucketArn", "arn:aws:s3:::" + evidenceBucket);
            values.put("SnapshotKeyArn", snapshotKeyArn);
            values.put("DataKeyArn", "arn:aws:kms:" + recoveryRegion + ":" + ACCOUNT + ":key/data-key-of-the-stack");
            values.put("SecretsKeyArn", secretsKeyArn());
            values.put("TopicArn", topicArn);
            values.put("LogGroupArn", "arn:aws:logs:" + recoveryRegion + ":" + ACCOUNT + ":log-group:restore-drill");
            values.put("DeadLetterQueueArn", "arn:aws:sqs:" + recoveryRegion + ":" + ACCOUNT + ":restore-drill-dead-letters");
            return values;
        }
    }

    private final Deployment deployment;
    private final Map<String, DeployedPolicy> policies;
    private final List<DeployedPolicy> endpoints;
    private final Map<String, AwsCredentialsProvider> credentials;
    private final List<String> denials = new CopyOnWriteArrayList<>();

    private DeployedRoles(Deployment deployment, Map<String, DeployedPolicy> policies, List<DeployedPolicy> endpoints,
                          Map<String, AwsCredentialsProvider> credentials) {
        this.deployment = deployment;
        this.policies = policies;
        this.endpoints = endpoints;
        this.credentials = credentials;
    }

    /**
     * Creates the test user and the functions' roles while moto does not check (after its reset), then
     * turns IAM enforcement on until the next reset.
     */
    public static DeployedRoles enforce(MotoServer moto, Deployment deployment) {
        Map<String, String> values = deployment.placeholders();
        Map<String, DeployedPolicy> policies = new LinkedHashMap<>();
        FUNCTIONS.forEach(function -> policies.put(function, DeployedPolicy.read(function, values)));
        List<DeployedPolicy> endpoints = ENDPOINTS.stream().map(name -> DeployedPolicy.read(name, values)).toList();
        MotoServer.Keys anyKeys = moto.callerKeys();
        try (IamClient iam = IamClient.builder().region(Region.AWS_GLOBAL).endpointOverride(moto.endpoint())
                .credentialsProvider(keys(anyKeys)).build()) {
            iam.createUser(r -> r.userName(TEST_USER));
            iam.putUserPolicy(r -> r.userName(TEST_USER).policyName("everything").policyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"));
            AccessKey key = iam.createAccessKey(r -> r.userName(TEST_USER)).accessKey();
            String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                    + "\"arn:aws:iam::" + ACCOUNT + ":user/" + TEST_USER + "\"},\"Action\":\"sts:AssumeRole\"}]}";
            for (DeployedPolicy policy : policies.values()) {
                iam.createRole(r -> r.roleName(roleName(policy.name())).assumeRolePolicyDocument(trust));
                iam.putRolePolicy(r -> r.roleName(roleName(policy.name())).policyName(policy.name())
                        .policyDocument(policy.forMoto()));
            }
            MotoServer.Keys testKeys = new MotoServer.Keys(key.accessKeyId(), key.secretAccessKey());
            moto.enforceIam(testKeys);
            return new DeployedRoles(deployment, policies, endpoints, assumeAll(moto, testKeys, policies.keySet()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, AwsCredentialsProvider> assumeAll(MotoServer moto, MotoServer.Keys testKeys,
                                                                 Iterable<String> functions) {
        Map<String, AwsCredentialsProvider> assumed = new LinkedHashMap<>();
        try (StsClient sts = StsClient.builder().region(Region.US_EAST_1).endpointOverride(moto.endpoint())
                .credentialsProvider(keys(testKeys)).build()) {
            for (String function : functions) {
                Credentials session = sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + ACCOUNT + ":role/" + roleName(function))
                        .roleSessionName(function)).credentials();
                assumed.put(function, StaticCredentialsProvider.create(AwsSessionCredentials.create(
                        session.accessKeyId(), session.secretAccessKey(), session.sessionToken())));
            }
        }
        return assumed;
    }

    private static String roleName(String function) {
        return "restore-drill-" + function;
    }

    static AwsCredentialsProvider keys(MotoServer.Keys keys) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey()));
    }

    /** The Credentials function's guard of a drill's secret in this deployment. */
    public SecretGuard secretGuard() {
        return deployment.secretGuard();
    }

    AwsCredentialsProvider credentials(String function) {
        AwsCredentialsProvider provider = credentials.get(function);
        if (provider == null) {
            throw new IllegalArgumentException("no function " + function + "; the functions are " + FUNCTIONS);
        }
        return provider;
    }

    /** Authorizes and records each call of the function's clients. */
    ExecutionInterceptor authorizer(String function) {
        return new AuthorizedCalls(function, policies.get(function), IN_VPC.contains(function) ? endpoints : List.of(),
                ACCOUNT, denials::add);
    }

    /** Every call a function's policy (or the endpoints it passes) did not allow, so far. */
    public List<String> denials() {
        return new ArrayList<>(denials);
    }

    /** Fails when any function was refused a call: in AWS that call would have failed. */
    public void assertNothingDenied() {
        if (!denials.isEmpty()) {
            throw new AssertionError("calls the deployed policies do not allow (fix the code or infra's TaskPolicies, then"
                    + " rewrite infra/policies/):\n  " + String.join("\n  ", denials));
        }
    }
}
