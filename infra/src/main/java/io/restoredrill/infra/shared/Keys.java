package io.restoredrill.infra.shared;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.CfnKey;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * Customer-managed KMS keys: yearly rotation on, kept when the stack is deleted (what they encrypt may outlive it).
 * The keys that protect locked backups get a key policy of their own ({@link #protectingLockedBackups}).
 */
public final class Keys {

    /** What only the break-glass role may do to a key that protects locked backups: each one destroys or unlocks them. */
    public static final List<String> BREAK_GLASS_ACTIONS = List.of("kms:ScheduleKeyDeletion", "kms:DisableKey",
            "kms:PutKeyPolicy", "kms:DisableKeyRotation");
    /**
     * The account's administration of the key (CDK's key-administrator actions without {@code kms:Create*}, which would
     * include CreateGrant): none of these encrypts, decrypts or grants. The break-glass actions are among them, for the
     * break-glass role; the Deny statement takes them from everyone else.
     */
    public static final List<String> ADMIN_ACTIONS = List.of("kms:CreateAlias", "kms:Describe*", "kms:List*", "kms:Get*",
            "kms:Enable*", "kms:Put*", "kms:Update*", "kms:Revoke*", "kms:Disable*", "kms:Delete*", "kms:TagResource",
            "kms:UntagResource", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:RotateKeyOnDemand");
    /** Cryptographic use, allowed to this account's principals only through RDS and AWS Backup in the key's region. */
    public static final List<String> USE_ACTIONS = List.of("kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*",
            "kms:GenerateDataKey*");
    /** The services that use a backup key for their callers: RDS (snapshot copies, restores) and AWS Backup. */
    public static final List<String> BACKUP_KEY_SERVICES = List.of("rds", "backup");

    private Keys() {
    }

    public static Key rotating(Construct scope, String id, String alias, String description) {
        return Key.Builder.create(scope, id)
                .alias(alias)
                .description(description)
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    /**
     * A key that protects locked backups (a Vault-Locked vault, the drill's snapshot copies): scheduling its deletion
     * or disabling it would make every locked recovery point unreadable, which Vault Lock cannot prevent. Its policy:
     * <ul>
     *   <li>the account administers the key ({@link #ADMIN_ACTIONS}), as the default policy's {@code kms:*} did,
     *       but without cryptographic use and without CreateGrant;</li>
     *   <li>the account's principals use it ({@link #USE_ACTIONS}) only through RDS or AWS Backup in the key's region
     *       ({@code kms:ViaService}, {@code kms:CallerAccount}), and create grants only that way and only for AWS
     *       resources ({@code kms:GrantIsForAWSResource}): a grant cannot be made to hand the key to anyone directly;</li>
     *   <li>nobody but the role {@code breakGlassRoleName} ({@code aws:PrincipalArn}, so the account root and the
     *       CloudFormation execution role included) may {@link #BREAK_GLASS_ACTIONS schedule its deletion, disable it,
     *       replace this policy or turn rotation off}.</li>
     * </ul>
     * Because CloudFormation's own role may not put this policy, the key bypasses KMS's lockout safety check (which
     * requires the caller to be able to put the policy again); the break-glass role can.
     */
    public static Key protectingLockedBackups(Construct scope, String id, String alias, String description,
                                              String breakGlassRoleName) {
        Stack stack = Stack.of(scope);
        String account = stack.getAccount();
        List<String> viaServices = BACKUP_KEY_SERVICES.stream()
                .map(service -> service + "." + stack.getRegion() + ".amazonaws.com").toList();
        Map<String, Object> throughBackupServices = Map.of("kms:CallerAccount", account, "kms:ViaService", viaServices);
        PolicyDocument policy = PolicyDocument.Builder.create().statements(List.of(
                PolicyStatement.Builder.create()
                        .sid("AccountAdministersTheKey")
                        .effect(Effect.ALLOW)
                        .principals(List.of(new AccountRootPrincipal()))
                        .actions(ADMIN_ACTIONS)
                        .resources(List.of("*"))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("AccountUsesTheKeyOnlyThroughRdsAndBackup")
                        .effect(Effect.ALLOW)
                        .principals(List.of(new AccountRootPrincipal()))
                        .actions(USE_ACTIONS)
                        .resources(List.of("*"))
                        .conditions(Map.of("StringEquals", throughBackupServices))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("GrantsOnlyForAwsResourcesThroughRdsAndBackup")
                        .effect(Effect.ALLOW)
                        .principals(List.of(new AccountRootPrincipal()))
                        .actions(List.of("kms:CreateGrant"))
                        .resources(List.of("*"))
                        .conditions(Map.of("StringEquals", throughBackupServices,
                                "Bool", Map.of("kms:GrantIsForAWSResource", "true")))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("OnlyTheBreakGlassRoleDeletesDisablesOrRewritesTheKey")
                        .effect(Effect.DENY)
                        .principals(List.of(new AnyPrincipal()))
                        .actions(BREAK_GLASS_ACTIONS)
                        .resources(List.of("*"))
                        .conditions(Map.of("ArnNotEquals", Map.of("aws:PrincipalArn",
                                breakGlassRoleArn(stack, breakGlassRoleName))))
                        .build()))
                .build();
        Key key = Key.Builder.create(scope, id)
                .alias(alias)
                .description(description)
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .policy(policy)
                .build();
        ((CfnKey) key.getNode().getDefaultChild()).setBypassPolicyLockoutSafetyCheck(true);
        return key;
    }

    /**
     * RDS describes the key and creates a grant on it for the snapshot, database or replicated backups it encrypts, on
     * the caller's behalf, in {@code region}; nothing else may ({@code kms:GrantIsForAWSResource} exists only on
     * CreateGrant).
     */
    public static List<PolicyStatement> rdsGrants(String sid, List<String> keys, String region) {
        Map<String, Object> viaRds = Map.of("kms:ViaService", "rds." + region + ".amazonaws.com");
        return List.of(
                PolicyStatement.Builder.create().sid(sid + "Grant").effect(Effect.ALLOW).actions(List.of("kms:CreateGrant"))
                        .resources(keys)
                        .conditions(Map.of("StringEquals", viaRds, "Bool", Map.of("kms:GrantIsForAWSResource", "true")))
                        .build(),
                PolicyStatement.Builder.create().sid(sid + "Describe").effect(Effect.ALLOW).actions(List.of("kms:DescribeKey"))
                        .resources(keys).conditions(Map.of("StringEquals", viaRds)).build());
    }

    /** The role's ARN at path {@code /}: aws:PrincipalArn of a session of that role, whoever assumed it. */
    public static String breakGlassRoleArn(Stack stack, String roleName) {
        return "arn:" + stack.getPartition() + ":iam::" + stack.getAccount() + ":role/" + roleName;
    }
}
