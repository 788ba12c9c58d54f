package io.restoredrill.infra;

import io.restoredrill.core.error.EnvironmentException;
import io.restoredrill.infra.config.DrillConfig;
import io.restoredrill.infra.recovery.RecoveryRegionStack;
import io.restoredrill.infra.source.SourceRegionStack;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.constructs.Construct;

/**
 * Both stacks of one configuration. They reference each other only by names ({@link Names}), so
 * each synthesizes offline and the recovery region keeps working while the source region is down;
 * the source stack deploys after the recovery stack, whose vault its copy actions target.
 */
public record RestoreDrillStacks(SourceRegionStack source, RecoveryRegionStack recovery) {

    /**
     * CDK behaviours the design relies on, set here so they hold with or without cdk.json: access logs
     * delivered through a bucket policy (no ACLs), the VPC's default security group stripped of its
     * rules, literal partitions in ARNs.
     */
    static final java.util.List<String> FEATURE_FLAGS = java.util.List.of(
            "@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy",
            "@aws-cdk/aws-ec2:restrictDefaultSecurityGroup",
            "@aws-cdk/core:enablePartitionLiterals");

    public static RestoreDrillStacks define(Construct app, DrillConfig config, AppInputs inputs) {
        requireFile(inputs.functionsJar(), "The Lambda jar " + inputs.functionsJar() + " is missing; build it first with"
                + " `mvn -pl functions -am package` (from the repository root), then synthesize again.");
        requireFile(inputs.drillDefinition(), "The state machine definition " + inputs.drillDefinition() + " is missing;"
                + " synthesize from infra/ of a full checkout, or set context 'stateMachineDir'.");
        requireFile(inputs.fleetDefinition(), "The fleet state machine definition " + inputs.fleetDefinition()
                + " is missing; synthesize from infra/ of a full checkout, or set context 'stateMachineDir'.");
        requireFile(inputs.restoreTestDefinition(), "The restore-test state machine definition " + inputs.restoreTestDefinition()
                + " is missing; synthesize from infra/ of a full checkout, or set context 'stateMachineDir'.");
        for (String flag : FEATURE_FLAGS) {
            app.getNode().setContext(flag, true);
        }
        Tags.of(app).add("application", Names.SERVICE);
        RecoveryRegionStack recovery = new RecoveryRegionStack(app, Names.RECOVERY_STACK,
                props(config, config.recoveryRegion(), "Restore Drill recovery region: isolated network, drill functions"
                        + " and state machines, evidence bucket, locked recovery vault, alarms."), config, inputs);
        SourceRegionStack source = new SourceRegionStack(app, Names.SOURCE_STACK,
                props(config, config.sourceRegion(), "Restore Drill source region: AWS Backup plan and locked vault,"
                        + " copies to the recovery region."), config);
        source.addStackDependency(recovery, "the source plan copies into the recovery vault, which must exist first");
        return new RestoreDrillStacks(source, recovery);
    }

    private static StackProps props(DrillConfig config, String region, String description) {
        return StackProps.builder()
                .env(Environment.builder().account(config.account()).region(region).build())
                .description(description)
                .terminationProtection(true)
                .build();
    }

    private static void requireFile(Path path, String message) {
        if (!Files.isRegularFile(path)) {
            throw new EnvironmentException(message);
        }
    }
}
