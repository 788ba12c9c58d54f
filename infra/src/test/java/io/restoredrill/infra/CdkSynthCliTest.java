package io.restoredrill.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user runs: GIVEN a checkout with the functions jar built and no AWS credentials at all
 * (no AWS_* variables, an empty home, the instance metadata service off), WHEN the real CDK CLI
 * runs {@code cdk synth} in infra/ with its cdk.json, THEN it succeeds offline and the cloud
 * assembly holds both stacks in their account and regions, with the safety properties in the templates.
 * The CLI is installed by scripts/install-test-tools; without it this test fails, naming that.
 */
class CdkSynthCliTest {

    static final Path CDK = Synthesized.INFRA.resolve("../.tools/cdk/node_modules/.bin/cdk").normalize();

    @TempDir
    static Path work;
    private static Path assembly;
    private static String output;

    @BeforeAll
    static void synth() throws IOException, InterruptedException {
        assertThat(CDK).as("the AWS CDK CLI; install it with scripts/install-test-tools (npm install --prefix .tools/cdk"
                + " aws-cdk@2.1148.1)").isExecutable();
        assembly = work.resolve("cdk.out");
        Path home = Files.createDirectories(work.resolve("home"));
        ProcessBuilder builder = new ProcessBuilder(CDK.toString(), "synth", "--quiet", "--no-notices",
                "--no-version-reporting", "--output", assembly.toString())
                .directory(Synthesized.INFRA.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("cdk.log").toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("CDK_") || name.startsWith("RESTORE_DRILL_"));
        env.put("HOME", home.toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_CONFIG_FILE", home.resolve("no-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("no-credentials").toString());
        env.put("CDK_DISABLE_VERSION_CHECK", "true");
        env.put("CDK_DISABLE_CLI_TELEMETRY", "true");
        Process process = builder.start();
        boolean done = process.waitFor(4, TimeUnit.MINUTES);
        output = Files.readString(work.resolve("cdk.log"));
        if (!done) {
            process.destroyForcibly();
        }
        assertThat(done).as("cdk synth finished within 4 minutes:\n%s", output).isTrue();
        assertThat(process.exitValue()).as("cdk synth exit code; its output:\n%s", output).isZero();
    }

    @Test
    void bothStacksAreInTheAssemblyWithTheirAccountAndRegion() throws IOException {
        Map<String, Object> manifest = Cfn.map(Configs.JSON.readValue(assembly.resolve("manifest.json").toFile(), Map.class));
        Map<String, Object> artifacts = Cfn.map(manifest.get("artifacts"));
        assertThat(Cfn.map(artifacts.get(Names.SOURCE_STACK))).containsEntry("type", "aws:cloudformation:stack")
                .containsEntry("environment", "aws://111111111111/eu-central-1");
        assertThat(Cfn.map(artifacts.get(Names.RECOVERY_STACK))).containsEntry("type", "aws:cloudformation:stack")
                .containsEntry("environment", "aws://111111111111/eu-west-1");
        assertThat(manifest).doesNotContainKey("missing");
    }

    @Test
    void theTemplatesHoldTheSafetyProperties() throws IOException {
        String recovery = Files.readString(assembly.resolve(Names.RECOVERY_STACK + ".template.json"));
        String source = Files.readString(assembly.resolve(Names.SOURCE_STACK + ".template.json"));
        assertThat(recovery).doesNotContain("AWS::EC2::InternetGateway", "AWS::EC2::NatGateway")
                .contains("\"Mode\": \"COMPLIANCE\"", "\"ChangeableForDays\": 3", "\"TreatMissingData\": \"breaching\"",
                        "aws:ResourceTag/restore-drill:managed", "aws:RequestTag/restore-drill:managed",
                        "io.restoredrill.aws.handler.VerifyHandler::handleRequest");
        assertThat(source).contains("\"ChangeableForDays\": 3",
                "arn:aws:backup:eu-west-1:111111111111:backup-vault:restore-drill-recovery");
    }

    @Test
    void theFunctionsJarIsTheLambdaAsset() throws IOException {
        List<Path> jars = new ArrayList<>();
        try (var files = Files.list(assembly)) {
            files.filter(f -> f.getFileName().toString().matches("asset\\.[0-9a-f]+\\.jar")).forEach(jars::add);
        }
        assertThat(jars).singleElement().satisfies(jar -> assertThat(Files.size(jar))
                .isEqualTo(Files.size(Synthesized.INFRA.resolve(AppInputs.DEFAULT_JAR))));
    }

    @Test
    void noCredentialsWereLookedForAndNothingWarned() {
        assertThat(output).doesNotContainIgnoringCase("credentials").doesNotContain("Unable to resolve AWS account")
                .doesNotContain("Unknown option");
        assertThat(output.lines().filter(line -> line.startsWith("WARNING") || line.startsWith("[Warning"))).isEmpty();
        assertThat(output).contains("Successfully synthesized");
    }
}
