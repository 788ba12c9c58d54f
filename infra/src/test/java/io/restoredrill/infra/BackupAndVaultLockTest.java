package io.restoredrill.infra;

import static org.assertj.core.api.Assertions.assertThat;

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
 * Backups are immutable and reach the recovery region. GIVEN the example configuration, THEN both
 * vaults are locked in COMPLIANCE mode (3-day grace period), encrypted with their own keys and deny
 * deleting recovery points; the source plan keeps daily 35 d, weekly 12 w, monthly 12 mo and
 * yearly 7 y, selects databases by tag and copies every rule's recovery points to the recovery
 * vault named by the convention both stacks share. GOVERNANCE mode has no grace period.
 */
class BackupAndVaultLockTest {

    private static final Synthesized SYNTH = Synthesized.example();
    private static final String RECOVERY_VAULT_ARN = "arn:aws:backup:eu-west-1:111111111111:backup-vault:restore-drill-recovery";

    @Test
    void bothVaultsAreLockedInComplianceModeWithAThreeDayGracePeriod() {
        for (Template template : List.of(SYNTH.source(), SYNTH.recovery())) {
            Map<String, Object> vault = Cfn.only(template, "AWS::Backup::BackupVault");
            assertThat(Cfn.map(vault.get("LockConfiguration")))
                    .containsEntry("ChangeableForDays", 3)
                    .containsEntry("MinRetentionDays", 7)
                    .containsEntry("MaxRetentionDays", 2555);
            assertThat(template.findResources("AWS::KMS::Key")).containsKey(Cfn.target(vault.get("EncryptionKeyArn")));
            Map<String, Object> deny = Cfn.map(Cfn.list(Cfn.map(vault.get("AccessPolicy")).get("Statement")).get(0));
            assertThat(deny).containsEntry("Effect", "Deny");
            assertThat(Cfn.strings(deny.get("Action"))).contains("backup:DeleteRecoveryPoint");
            assertThat(template.findResources("AWS::Backup::BackupVault").values())
                    .allSatisfy(r -> assertThat(r).containsEntry("DeletionPolicy", "Retain"));
        }
        assertThat(Cfn.only(SYNTH.source(), "AWS::Backup::BackupVault")).containsEntry("BackupVaultName", Names.SOURCE_VAULT);
        assertThat(Cfn.only(SYNTH.recovery(), "AWS::Backup::BackupVault")).containsEntry("BackupVaultName", Names.RECOVERY_VAULT);
    }

    @Test
    void theRecoveryVaultIsEncryptedWithTheSnapshotCopyKeyThatPlanHandsToCopy() {
        Map<String, Object> vault = Cfn.only(SYNTH.recovery(), "AWS::Backup::BackupVault");
        Map<String, Object> planEnv = Functions.environment(SYNTH.recovery(), Task.PLAN);
        assertThat(Cfn.target(planEnv.get("RECOVERY_KMS_KEY_ID"))).isEqualTo(Cfn.target(vault.get("EncryptionKeyArn")));
        assertThat(planEnv).containsEntry("RECOVERY_VAULT", Names.RECOVERY_VAULT);
    }

    @Test
    void thePlanKeepsTheConfiguredRulesAndCopiesEachToTheRecoveryVault() {
        Map<String, Object> plan = Cfn.map(Cfn.only(SYNTH.source(), "AWS::Backup::BackupPlan").get("BackupPlan"));
        List<Map<String, Object>> rules = Cfn.list(plan.get("BackupPlanRule")).stream().map(Cfn::map).toList();
        assertThat(rules).extracting(r -> r.get("RuleName")).containsExactly("daily", "weekly", "monthly", "yearly");
        assertThat(rules).extracting(r -> Cfn.map(r.get("Lifecycle")).get("DeleteAfterDays")).containsExactly(35, 84, 365, 2555);
        assertThat(rules).extracting(r -> Cfn.map(r.get("Lifecycle")).get("MoveToColdStorageAfterDays"))
                .containsExactly(null, null, 30, 90);
        for (Map<String, Object> rule : rules) {
            assertThat(rule).containsEntry("ScheduleExpressionTimezone", "Europe/Berlin");
            assertThat(Cfn.target(rule.get("TargetBackupVault"))).isEqualTo(
                    SYNTH.source().findResources("AWS::Backup::BackupVault").keySet().iterator().next());
            Map<String, Object> copy = Cfn.map(Cfn.list(rule.get("CopyActions")).get(0));
            assertThat(Cfn.render(copy.get("DestinationBackupVaultArn"))).isEqualTo(RECOVERY_VAULT_ARN);
            assertThat(Cfn.map(copy.get("Lifecycle"))).isEqualTo(Cfn.map(rule.get("Lifecycle")));
        }
    }

    @Test
    void theCopyDestinationIsTheVaultTheRecoveryStackCreates() {
        Map<String, Object> vault = Cfn.only(SYNTH.recovery(), "AWS::Backup::BackupVault");
        assertThat(RECOVERY_VAULT_ARN).endsWith(":backup-vault:" + vault.get("BackupVaultName"))
                .contains(":" + SYNTH.config().recoveryRegion() + ":" + SYNTH.config().account() + ":");
        assertThat(SYNTH.artifact(SYNTH.stacks().source()).getDependencies())
                .anySatisfy(d -> assertThat(d.getId()).isEqualTo(Names.RECOVERY_STACK));
    }

    @Test
    void theSelectionIsByTheConfiguredTagOnly() {
        Map<String, Object> selection = Cfn.map(Cfn.only(SYNTH.source(), "AWS::Backup::BackupSelection").get("BackupSelection"));
        assertThat(Cfn.list(selection.get("ListOfTags"))).containsExactly(Map.of(
                "ConditionType", "STRINGEQUALS", "ConditionKey", "restore-drill:backup", "ConditionValue", "true"));
        assertThat(Cfn.list(selection.get("Resources"))).isEmpty();
    }

    @Test
    void governanceModeHasNoGracePeriod() {
        DrillConfig config = Configs.parse(tree -> tree.putObject("vaultLock").put("mode", "GOVERNANCE")
                .put("minRetentionDays", 7));
        App app = App.Builder.create().context(Synthesized.cdkJsonContext()).build();
        SourceRegionStack stack = new SourceRegionStack(app, Names.SOURCE_STACK, StackProps.builder()
                .env(Environment.builder().account(config.account()).region(config.sourceRegion()).build()).build(), config);
        Map<String, Object> lock = Cfn.map(Cfn.only(Template.fromStack(stack), "AWS::Backup::BackupVault").get("LockConfiguration"));
        assertThat(lock).containsEntry("MinRetentionDays", 7).doesNotContainKeys("ChangeableForDays", "MaxRetentionDays");
    }
}
