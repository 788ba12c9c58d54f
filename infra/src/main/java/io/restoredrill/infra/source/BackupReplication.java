package io.restoredrill.infra.source;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.restoredrill.infra.Names;
import io.restoredrill.infra.config.DrillConfig;
import io.restoredrill.infra.config.DrillConfig.Source;
import io.restoredrill.infra.shared.Acknowledge;
import io.restoredrill.infra.shared.Keys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * Cross-region replication of the automated backups (snapshots and transaction logs) of every source DB instance whose
 * configuration has {@code pitr}, to the recovery region, where point-in-time drills restore them with the source
 * region down. Existing instances cannot be given {@code AutomaticBackupReplicationRegion} by this stack (it does not
 * own them), so a custom resource calls the API in the recovery region, as RDS wants:
 * {@code StartDBInstanceAutomatedBackupsReplication} (the source's ARN, the recovery region's snapshots key, the
 * retention) on create, {@code StopDBInstanceAutomatedBackupsReplication} on delete. The key is found by its alias in
 * the recovery region ({@code DescribeKey}), so the stacks stay free of cross-region references.
 */
public final class BackupReplication extends Construct {

    static final String START = "StartDBInstanceAutomatedBackupsReplication";
    static final String STOP = "StopDBInstanceAutomatedBackupsReplication";

    private static final NagPackSuppression INLINE_POLICY = Acknowledge.rule("NIST.800.53.R5-IAMNoInlinePolicy", "Each custom"
            + " resource's policy is written for its one SDK call (the replication of one source, or the key lookup); a managed"
            + " policy would add reuse that is not wanted, and CloudFormation versions and rolls it back with the stack.");

    private final List<AwsCustomResource> replications = new ArrayList<>();

    public BackupReplication(Construct scope, String id, DrillConfig config, List<Source> sources) {
        super(scope, id);
        Stack stack = Stack.of(this);
        String recovery = config.recoveryRegion();
        String partition = stack.getPartition();
        String account = config.account();
        AwsCustomResource key = AwsCustomResource.Builder.create(this, "RecoveryKey")
                .resourceType("Custom::RecoveryRegionSnapshotsKey")
                .installLatestAwsSdk(false)
                .onUpdate(AwsSdkCall.builder()
                        .service("KMS").action("DescribeKey").region(recovery)
                        .parameters(Map.of("KeyId", Names.SNAPSHOTS_KEY_ALIAS))
                        .physicalResourceId(PhysicalResourceId.fromResponse("KeyMetadata.Arn"))
                        .build())
                .policy(AwsCustomResourcePolicy.fromStatements(List.of(PolicyStatement.Builder.create()
                        .sid("FindTheRecoveryRegionsSnapshotsKeyByItsAlias")
                        .effect(Effect.ALLOW)
                        .actions(List.of("kms:DescribeKey"))
                        .resources(List.of("arn:" + partition + ":kms:" + recovery + ":" + account + ":key/*"))
                        .conditions(Map.of("StringEquals", Map.of("kms:RequestAlias", Names.SNAPSHOTS_KEY_ALIAS)))
                        .build())))
                .build();
        Acknowledge.on(key, Acknowledge.findings("AwsSolutions-IAM5", "The recovery region's snapshots key is created by the"
                        + " recovery stack with an id this stack cannot know offline (no cross-region reference), so DescribeKey is"
                        + " allowed on the recovery region's keys only with kms:RequestAlias = " + Names.SNAPSHOTS_KEY_ALIAS
                        + ": the one key of that alias.", "Resource::arn:aws:kms:" + recovery + ":" + account + ":key/*"),
                INLINE_POLICY);
        String keyArn = key.getResponseField("KeyMetadata.Arn");
        for (Source source : sources) {
            String sourceArn = "arn:" + partition + ":rds:" + config.sourceRegion() + ":" + account + ":db:" + source.identifier();
            List<PolicyStatement> statements = new ArrayList<>();
            statements.add(PolicyStatement.Builder.create()
                    .sid("StartReplicationOfThisSource")
                    .effect(Effect.ALLOW)
                    .actions(List.of("rds:" + START))
                    .resources(List.of(sourceArn, "arn:" + partition + ":rds:" + recovery + ":" + account + ":auto-backup:*"))
                    .build());
            statements.add(PolicyStatement.Builder.create()
                    .sid("StopReplicationOfThisSource")
                    .effect(Effect.ALLOW)
                    .actions(List.of("rds:" + STOP))
                    .resources(List.of(sourceArn))
                    .build());
            statements.addAll(Keys.rdsGrants("RdsEncryptsReplicatedBackupsWithRecoveryKey", List.of(keyArn), recovery));
            AwsCustomResource replication = AwsCustomResource.Builder.create(this, "Replication-" + source.identifier())
                    .resourceType("Custom::AutomatedBackupsReplication")
                    .installLatestAwsSdk(false)
                    .onCreate(AwsSdkCall.builder()
                            .service("RDS").action(START).region(recovery)
                            .parameters(Map.of("SourceDBInstanceArn", sourceArn, "KmsKeyId", keyArn,
                                    "BackupRetentionPeriod", source.pitr().retentionDays(),
                                    "SourceRegion", config.sourceRegion()))
                            .physicalResourceId(PhysicalResourceId.of(sourceArn))
                            .build())
                    .onDelete(AwsSdkCall.builder()
                            .service("RDS").action(STOP).region(recovery)
                            .parameters(Map.of("SourceDBInstanceArn", sourceArn, "SourceRegion", config.sourceRegion()))
                            .build())
                    .policy(AwsCustomResourcePolicy.fromStatements(statements))
                    .build();
            replication.getNode().addDependency(key);
            Acknowledge.on(replication, Acknowledge.findings("AwsSolutions-IAM5", "RDS names the replicated automated backups"
                            + " (auto-backup:ab-<random>) when StartDBInstanceAutomatedBackupsReplication creates them, so the"
                            + " call's required auto-backup resource can only be the recovery region's auto-backup:*; the source"
                            + " DB instance is named exactly.", "Resource::arn:aws:rds:" + recovery + ":" + account + ":auto-backup:*"),
                    INLINE_POLICY);
            replications.add(replication);
        }
        // The one Lambda function AwsCustomResource shares in a stack (CDK's singleton, by this id), with its role.
        Acknowledge.on(stack.getNode().findChild("AWS" + AwsCustomResource.PROVIDER_FUNCTION_UUID.replace("-", "")),
                Acknowledge.findings("AwsSolutions-IAM4", "CDK's AwsCustomResource provider writes its logs with AWS's basic"
                        + " execution policy (logs only); its SDK calls are in the per-call policies above.",
                        "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"),
                Acknowledge.rule("NIST.800.53.R5-LambdaConcurrency", "CDK's custom-resource provider runs only when CloudFormation"
                        + " creates or deletes the replication, a few times per deploy; reserved concurrency would take from the"
                        + " account's unreserved pool for nothing."),
                Acknowledge.rule("NIST.800.53.R5-LambdaDLQ", "CloudFormation invokes the custom-resource provider and waits for"
                        + " its answer; a failure fails (and rolls back) the deploy, which is where it is seen, not a queue."),
                Acknowledge.rule("NIST.800.53.R5-LambdaInsideVPC", "The provider only calls the RDS and KMS APIs of the recovery"
                        + " region during deploys; the source region stack has no VPC of its own to put it in."));
    }

    public List<AwsCustomResource> replications() {
        return List.copyOf(replications);
    }
}
