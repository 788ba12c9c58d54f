package io.restoredrill.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.restoredrill.core.deployment.FunctionEnvironment;
import io.restoredrill.core.deployment.MetricNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * GIVEN the example's recovery stack and the functions jar, THEN there is one function per handler,
 * all running the shaded jar (which holds every handler class) on Java 21 with SnapStart on
 * published versions behind the {@code live} alias and active tracing; Verify's timeout exceeds
 * its budget; and each function's environment is what its code reads (checked by the code itself).
 */
class FunctionsTest {

    private static final Synthesized SYNTH = Synthesized.example();
    private static final Template RECOVERY = SYNTH.recovery();
    private static final Path JAR = Synthesized.INFRA.resolve(AppInputs.DEFAULT_JAR).normalize();

    @Test
    void oneFunctionPerHandlerOnJava21WithSnapStartBehindTheLiveAlias() {
        for (Task task : Task.values()) {
            Map<String, Object> function = Functions.function(RECOVERY, task);
            assertThat(function).as(task.taskName())
                    .containsEntry("Runtime", "java21")
                    .containsEntry("SnapStart", Map.of("ApplyOn", "PublishedVersions"))
                    .containsEntry("TracingConfig", Map.of("Mode", "Active"));
            assertThat(Cfn.map(function.get("LoggingConfig"))).containsKey("LogGroup");
            Map<String, Object> alias = Cfn.properties(RECOVERY, "AWS::Lambda::Alias").get(Functions.aliasId(RECOVERY, task));
            assertThat(alias).containsEntry("Name", "live");
            String version = Cfn.target(alias.get("FunctionVersion"));
            assertThat(Cfn.properties(RECOVERY, "AWS::Lambda::Version").get(version)).isNotNull();
        }
    }

    @Test
    void everyFunctionRunsTheShadedJarWhichHoldsItsHandler() throws Exception {
        Set<Object> keys = Set.of(Task.values()).stream()
                .map(task -> Cfn.map(Functions.function(RECOVERY, task).get("Code")).get("S3Key"))
                .collect(Collectors.toSet());
        assertThat(keys).hasSize(1);
        String asset = ((String) keys.iterator().next()).replace(".jar", "");
        Path staged = Path.of(SYNTH.assembly().getDirectory()).resolve("asset." + asset + ".jar");
        assertThat(staged).exists();
        assertThat(Files.size(staged)).isEqualTo(Files.size(JAR));
        try (ZipFile jar = new ZipFile(JAR.toFile())) {
            for (Task task : Task.values()) {
                assertThat(jar.getEntry(task.handlerClassFile())).as(task.handler()).isNotNull();
            }
        }
    }

    @Test
    void verifyRunsInTheVpcForLambdasLongestTimeAndGoesOnInTheNextInvocation() {
        // A verification longer than one invocation is taken up by the next (the definition's VerifyDone? loop)
        Map<String, Object> verify = Functions.function(RECOVERY, Task.VERIFY);
        assertThat(((Number) verify.get("Timeout")).longValue()).isEqualTo(900);
        assertThat(verify).containsKey("VpcConfig");
    }

    @Test
    void eachFunctionGetsTheEnvironmentItReadsUnderTheNamesBothSidesTakeFromCore() {
        // The functions read these names from core's FunctionEnvironment: the same constants set them here
        assertThat(Functions.environment(RECOVERY, Task.VERIFY)).containsKey(FunctionEnvironment.EVIDENCE_BUCKET);
        assertThat(Functions.environment(RECOVERY, Task.PUBLISH)).containsKeys(FunctionEnvironment.EVIDENCE_BUCKET,
                FunctionEnvironment.TOPIC_ARN).containsEntry(FunctionEnvironment.METRICS_NAMESPACE, MetricNames.NAMESPACE);
        assertThat(Functions.environment(RECOVERY, Task.CREDENTIALS)).containsKeys(FunctionEnvironment.DRILL_SECRETS_KEY_ARN,
                FunctionEnvironment.VERIFIER_ROLE_ARN);
        assertThat(Functions.environment(RECOVERY, Task.PLAN)).containsKeys(FunctionEnvironment.SOURCE_REGION,
                FunctionEnvironment.RECOVERY_REGION, FunctionEnvironment.RECOVERY_KMS_KEY_ID, FunctionEnvironment.RECOVERY_VAULT,
                FunctionEnvironment.RESTORE_INSTANCE_CLASS, FunctionEnvironment.RESTORE_SUBNET_GROUP,
                FunctionEnvironment.RESTORE_SECURITY_GROUP_IDS, FunctionEnvironment.RTO_BUDGET, FunctionEnvironment.PHASE_BUDGETS,
                FunctionEnvironment.DRILL_TTL);
        // the example has restore testing plans; RestoreTestingTest checks the values
        assertThat(Functions.environment(RECOVERY, Task.RESTORE_TEST_VALIDATOR)).containsKeys(
                FunctionEnvironment.RESTORE_TEST_STATE_MACHINE_ARN, FunctionEnvironment.RESTORE_TESTS);
    }

    @Test
    void planReadsEveryDefaultFromItsEnvironment() throws Exception {
        Map<String, String> env = SchedulesTest.resolved(Functions.environment(RECOVERY, Task.PLAN));
        try (DeployedJar jar = DeployedJar.example()) {
            Object defaults = jar.drillDefaults(env);
            for (String field : List.of("sourceRegion", "recoveryRegion", "instanceClass", "subnetGroup", "securityGroupIds",
                    "kmsKeyId", "recoveryVault", "rto", "phaseBudgets", "ttl")) {
                assertThat(DeployedJar.get(defaults, field)).as(field).isNotNull();
            }
            assertThat(DeployedJar.get(defaults, "instanceClass")).isEqualTo("db.t4g.medium");
            assertThat(DeployedJar.get(defaults, "rto")).isEqualTo("1h");
            assertThat(DeployedJar.get(defaults, "ttl")).isEqualTo("12h");
            assertThat((List<?>) DeployedJar.get(defaults, "securityGroupIds")).hasSize(1);
            // a manual start without budgets still gets the config's Verify budget, below Verify's Lambda timeout
            assertThat(((Map<?, ?>) DeployedJar.get(defaults, "phaseBudgets")).keySet()).asString().contains("verify");
        }
    }

    @Test
    void publishReadsTheBucketTopicAndNamespaceFromItsEnvironment() throws Exception {
        Map<String, String> env = SchedulesTest.resolved(Functions.environment(RECOVERY, Task.PUBLISH));
        try (DeployedJar jar = DeployedJar.example()) {
            Object settings = jar.publishSettings(env);
            assertThat(DeployedJar.get(settings, "evidenceBucket")).isNotNull();
            assertThat(DeployedJar.get(settings, "topicArn")).isNotNull();
            assertThat(DeployedJar.get(settings, "namespace")).isEqualTo("RestoreDrill");
        }
    }

    @Test
    void everyFunctionKnowsBothRegionsAndItsServiceName() {
        for (Task task : Task.values()) {
            assertThat(Functions.environment(RECOVERY, task)).as(task.taskName())
                    .containsEntry("SOURCE_REGION", "eu-central-1")
                    .containsEntry("RECOVERY_REGION", "eu-west-1")
                    .containsEntry("POWERTOOLS_SERVICE_NAME", "restore-drill");
        }
    }
}
