package io.restoredrill.infra.recovery;

import io.restoredrill.infra.Names;
import io.restoredrill.infra.shared.Keys;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * The recovery region's two keys. {@code snapshots}: the drill's snapshot copies and the recovery
 * vault (RECOVERY_KMS_KEY_ID); RDS uses it through grants the Copy and Restore functions create, AWS
 * Backup re-encrypts the source plan's copies with it. It protects locked backups, so its policy is
 * {@link Keys#protectingLockedBackups}: used only through RDS and AWS Backup, and only the break-glass
 * role may schedule its deletion, disable it or rewrite its policy.
 * {@code data}: the evidence bucket, the SNS topic, the dead-letter queues and the log groups.
 * {@code secrets}: the drills' database secrets, used only by the Credentials and Verify roles.
 */
public final class RecoveryKeys extends Construct {

    private final Key snapshots;
    private final Key data;
    private final Key secrets;

    public RecoveryKeys(Construct scope, String id, String breakGlassRoleName) {
        super(scope, id);
        Stack stack = Stack.of(this);
        this.snapshots = Keys.protectingLockedBackups(this, "Snapshots", Names.SNAPSHOTS_KEY_ALIAS,
                "Restore Drill: encrypts drill snapshot copies and the recovery vault in this region.", breakGlassRoleName);
        this.data = Keys.rotating(this, "Data", "alias/restore-drill/data",
                "Restore Drill: encrypts the evidence bucket, the topic, the dead-letter queues and the logs.");
        data.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchLogsEncryptsThisStacksLogGroups")
                .effect(Effect.ALLOW)
                .principals(List.of(new ServicePrincipal("logs." + stack.getRegion() + ".amazonaws.com")))
                .actions(List.of("kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"))
                .resources(List.of("*"))
                .conditions(Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn",
                        "arn:" + stack.getPartition() + ":logs:" + stack.getRegion() + ":" + stack.getAccount() + ":log-group:*")))
                .build());
        data.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsPublishToTheEncryptedTopic")
                .effect(Effect.ALLOW)
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", stack.getAccount())))
                .build());
        this.secrets = Keys.rotating(this, "Secrets", "alias/restore-drill/secrets",
                "Restore Drill: encrypts the drills' database secrets; only the Credentials and Verify functions use it.");
    }

    /**
     * Nobody but these roles (Credentials writes a drill's secret, Verify reads it) may have Secrets Manager use the
     * secrets key, whatever their identity policies grant: broad secret readers cannot decrypt a drill's password.
     */
    public void secretsUsedOnlyBy(IRole... roles) {
        secrets.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("OnlyTheDrillFunctionsUseTheSecretsKey")
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"))
                .resources(List.of("*"))
                .conditions(Map.of("ArnNotEquals", Map.of("aws:PrincipalArn",
                        java.util.Arrays.stream(roles).map(IRole::getRoleArn).toList())))
                .build());
    }

    public Key secrets() {
        return secrets;
    }

    public Key snapshots() {
        return snapshots;
    }

    public Key data() {
        return data;
    }
}
