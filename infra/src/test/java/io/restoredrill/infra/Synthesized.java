package io.restoredrill.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NIST80053R5Checks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.restoredrill.infra.config.ConfigLoader;
import io.restoredrill.infra.config.DrillConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/**
 * Both stacks of infra/config/example.json, synthesized once per test JVM (a synth costs seconds)
 * the way {@code cdk synth} does: cdk.json's context, the real functions jar and statemachine/,
 * with the AwsSolutions and NIST 800-53 rev 5 cdk-nag packs applied. Test classes share it.
 */
public record Synthesized(DrillConfig config, RestoreDrillStacks stacks, CloudAssembly assembly, Template source,
                          Template recovery) {

    public static final Path INFRA = Path.of("").toAbsolutePath();
    public static final Path CDK_JSON = INFRA.resolve("cdk.json");
    public static final Path EXAMPLE = INFRA.resolve("config/example.json");

    private static Synthesized example;

    /** The example configuration's stacks; the first call synthesizes. */
    public static synchronized Synthesized example() {
        if (example == null) {
            example = of(ConfigLoader.load(EXAMPLE), "example", true);
        }
        return example;
    }

    /** A fresh synthesis of another configuration (only where a test needs one: each costs seconds). */
    public static Synthesized of(DrillConfig config, String name, boolean nag) {
        App app = App.Builder.create()
                .context(cdkJsonContext())
                .outdir(INFRA.resolve("target/test-cdk.out/" + name).toString())
                .build();
        AppInputs inputs = AppInputs.from(app.getNode(), Map.of());
        RestoreDrillStacks stacks = RestoreDrillStacks.define(app, config, inputs);
        if (nag) {
            Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).logIgnores(true).build()));
            Aspects.of(app).add(new NIST80053R5Checks(NagPackProps.builder().verbose(true).logIgnores(true).build()));
        }
        CloudAssembly assembly = app.synth();
        return new Synthesized(config, stacks, assembly, template(assembly, stacks.source()),
                template(assembly, stacks.recovery()));
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> cdkJsonContext() {
        try {
            Map<String, Object> cdkJson = new ObjectMapper().readValue(CDK_JSON.toFile(), Map.class);
            return (Map<String, Object>) cdkJson.get("context");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Template template(CloudAssembly assembly, Stack stack) {
        return Template.fromJSON((Map<String, Object>) artifact(assembly, stack).getTemplate());
    }

    public CloudFormationStackArtifact artifact(Stack stack) {
        return artifact(assembly, stack);
    }

    private static CloudFormationStackArtifact artifact(CloudAssembly assembly, Stack stack) {
        return assembly.getStackArtifact(stack.getArtifactId());
    }

    /** Resources of one type by logical id, as plain maps. */
    public static Map<String, Map<String, Object>> resources(Template template, String type) {
        return template.findResources(type);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
    }

    public static List<String> stackNames() {
        return List.of(Names.SOURCE_STACK, Names.RECOVERY_STACK);
    }

    static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
