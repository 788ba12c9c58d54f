package io.restoredrill.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.restoredrill.infra.PolicyEvaluator.Request;
import io.restoredrill.infra.config.DrillConfig;
import io.restoredrill.infra.source.SourceRegionStack;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

/**
 * The keys that protect locked backups cannot be destroyed around Vault Lock. GIVEN the example's stacks, THEN the
 * key of each locked vault (the recovery snapshots key, the source vault key), evaluated as AWS evaluates its key
 * policy: nobody but the break-glass role {@code restore-drill-break-glass} (not an administrator, not the account
 * root, not CloudFormation's role) may schedule its deletion, disable it, replace its policy or turn rotation off;
 * the account still administers it (describe, tag, alias, enable rotation, cancel a deletion); the account's
 * principals encrypt, decrypt and create grants only through RDS or AWS Backup in the key's region, grants only for
 * AWS resources; other accounts nothing. The key bypasses KMS's lockout check (CloudFormation's role may not put the
 * policy again; the break-glass role may). WITH another keys.breakGlassRoleName, THEN that role is the exception.
 */
class BackupKeysTest {

    private static final Synthesized SYNTH = Synthesized.example();
    private static final String ACCOUNT = "111111111111";
    private static final String BREAK_GLASS = "arn:aws:iam::" + ACCOUNT + ":role/restore-drill-break-glass";
    private static final List<String> NOT_BREAK_GLASS = List.of(
            "arn:aws:iam::" + ACCOUNT + ":role/Admin",
            "arn:aws:iam::" + ACCOUNT + ":root",
            "arn:aws:iam::" + ACCOUNT + ":role/cdk-hnb659fds-cfn-exec-role-" + ACCOUNT + "-eu-west-1",
            "arn:aws:iam::" + ACCOUNT + ":role/restore-drill-break-glass-copy",
            "arn:aws:iam::" + ACCOUNT + ":role/other/restore-drill-break-glass");
    private static final List<String> DESTROYING = List.of("kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:PutKeyPolicy",
            "kms:DisableKeyRotation");

    @Test
    void onlyTheBreakGlassRoleMayDeleteDisableOrRewriteEitherVaultKey() {
        for (GuardedKey key : guardedKeys()) {
            PolicyEvaluator policy = key.policy();
            for (String action : DESTROYING) {
                for (String principal : NOT_BREAK_GLASS) {
                    assertThat(policy.allows(PolicyEvaluator.iam(principal, action, Map.of())))
                            .as("%s %s by %s", key.name(), action, principal).isFalse();
                }
                assertThat(policy.allows(PolicyEvaluator.iam(BREAK_GLASS, action, Map.of())))
                        .as("%s %s by the break-glass role", key.name(), action).isTrue();
            }
            assertThat(key.properties()).containsEntry("BypassPolicyLockoutSafetyCheck", true)
                    .containsEntry("EnableKeyRotation", true);
            assertThat(key.resource()).containsEntry("DeletionPolicy", "Retain");
        }
    }

    @Test
    void theAccountStillAdministersTheKeysSoTheStacksCanManageThem() {
        for (GuardedKey key : guardedKeys()) {
            for (String action : List.of("kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags",
                    "kms:ListGrants", "kms:RevokeGrant", "kms:EnableKeyRotation", "kms:EnableKey", "kms:TagResource",
                    "kms:UntagResource", "kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias", "kms:UpdateKeyDescription",
                    "kms:CancelKeyDeletion")) {
                assertThat(key.policy().allows(PolicyEvaluator.iam("arn:aws:iam::" + ACCOUNT + ":role/Admin", action, Map.of())))
                        .as("%s %s", key.name(), action).isTrue();
            }
        }
    }

    @Test
    void theKeysAreUsedOnlyThroughRdsAndAwsBackupInTheirRegionAndGrantOnlyForAwsResources() {
        String someRole = "arn:aws:iam::" + ACCOUNT + ":role/restore-drill-copy";
        String breakGlass = BREAK_GLASS;
        for (GuardedKey key : guardedKeys()) {
            PolicyEvaluator policy = key.policy();
            for (String service : List.of("rds", "backup")) {
                Map<String, String> via = via(service + "." + key.region() + ".amazonaws.com");
                for (String action : List.of("kms:Decrypt", "kms:Encrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo",
                        "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext")) {
                    assertThat(policy.allows(PolicyEvaluator.iam(someRole, action, via))).as("%s %s via %s", key.name(), action,
                            service).isTrue();
                }
                assertThat(policy.allows(PolicyEvaluator.iam(someRole, "kms:CreateGrant", grant(via, "true"))))
                        .as("%s grant for an AWS resource via %s", key.name(), service).isTrue();
                assertThat(policy.allows(PolicyEvaluator.iam(someRole, "kms:CreateGrant", grant(via, "false"))))
                        .as("%s grant for a principal via %s", key.name(), service).isFalse();
                assertThat(policy.allows(PolicyEvaluator.iam("arn:aws:iam::222222222222:role/x", "kms:Decrypt", via)))
                        .as("%s another account via %s", key.name(), service).isFalse();
            }
            String otherRegion = key.region().equals("eu-west-1") ? "eu-central-1" : "eu-west-1";
            for (Map<String, String> context : List.of(Map.<String, String>of(), via("s3." + key.region() + ".amazonaws.com"),
                    via("rds." + otherRegion + ".amazonaws.com"))) {
                for (String principal : List.of(someRole, breakGlass, "arn:aws:iam::" + ACCOUNT + ":root")) {
                    for (String action : List.of("kms:Decrypt", "kms:Encrypt", "kms:ReEncryptFrom", "kms:GenerateDataKey")) {
                        assertThat(policy.allows(PolicyEvaluator.iam(principal, action, context)))
                                .as("%s %s by %s with %s", key.name(), action, principal, context).isFalse();
                    }
                    assertThat(policy.allows(PolicyEvaluator.iam(principal, "kms:CreateGrant", grant(context, "true"))))
                            .as("%s CreateGrant by %s with %s", key.name(), principal, context).isFalse();
                }
            }
        }
    }

    @Test
    void eachLockedVaultIsEncryptedWithItsGuardedKey() {
        for (GuardedKey key : guardedKeys()) {
            assertThat(Cfn.target(Cfn.only(key.template(), "AWS::Backup::BackupVault").get("EncryptionKeyArn")))
                    .as(key.name()).isEqualTo(key.logicalId());
        }
    }

    @Test
    void theBreakGlassRoleIsConfigured() {
        DrillConfig config = Configs.parse(tree -> tree.putObject("keys").put("breakGlassRoleName", "security-break-glass"));
        assertThat(config.breakGlassRoleName()).isEqualTo("security-break-glass");
        App app = App.Builder.create().context(Synthesized.cdkJsonContext()).build();
        SourceRegionStack stack = new SourceRegionStack(app, Names.SOURCE_STACK, StackProps.builder()
                .env(Environment.builder().account(config.account()).region(config.sourceRegion()).build()).build(), config);
        Template template = Template.fromStack(stack);
        String keyId = Cfn.target(Cfn.only(template, "AWS::Backup::BackupVault").get("EncryptionKeyArn"));
        PolicyEvaluator policy = new PolicyEvaluator(Cfn.map(Cfn.properties(template, "AWS::KMS::Key").get(keyId).get("KeyPolicy")));
        assertThat(policy.allows(PolicyEvaluator.iam("arn:aws:iam::" + ACCOUNT + ":role/security-break-glass",
                "kms:ScheduleKeyDeletion", Map.of()))).isTrue();
        assertThat(policy.allows(PolicyEvaluator.iam(BREAK_GLASS, "kms:ScheduleKeyDeletion", Map.of()))).isFalse();
    }

    private static Map<String, String> via(String service) {
        return Map.of("kms:ViaService", service, "kms:CallerAccount", ACCOUNT);
    }

    private static Map<String, String> grant(Map<String, String> context, String forAwsResource) {
        Map<String, String> withGrant = new java.util.HashMap<>(context);
        withGrant.put("kms:GrantIsForAWSResource", forAwsResource);
        return withGrant;
    }

    /** The key each locked vault is encrypted with, found through the vault (not by name). */
    private static List<GuardedKey> guardedKeys() {
        return List.of(guarded("recovery snapshots key", SYNTH.recovery(), "eu-west-1"),
                guarded("source vault key", SYNTH.source(), "eu-central-1"));
    }

    private static GuardedKey guarded(String name, Template template, String region) {
        String id = Cfn.target(Cfn.only(template, "AWS::Backup::BackupVault").get("EncryptionKeyArn"));
        return new GuardedKey(name, template, region, id);
    }

    record GuardedKey(String name, Template template, String region, String logicalId) {

        Map<String, Object> resource() {
            return template.findResources("AWS::KMS::Key").get(logicalId);
        }

        Map<String, Object> properties() {
            return Synthesized.properties(resource());
        }

        PolicyEvaluator policy() {
            return new PolicyEvaluator(Cfn.map(properties().get("KeyPolicy")));
        }
    }
}
