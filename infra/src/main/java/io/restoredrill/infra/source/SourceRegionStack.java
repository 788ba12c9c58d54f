package io.restoredrill.infra.source;

import io.restoredrill.infra.Names;
import io.restoredrill.infra.config.DrillConfig;
import io.restoredrill.infra.config.DrillConfig.RetentionRule;
import io.restoredrill.infra.shared.Acknowledge;
import io.restoredrill.infra.shared.Keys;
import io.restoredrill.infra.shared.LockedVault;
import java.util.List;
import software.amazon.awscdk.Arn;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.TimeZone;
import software.amazon.awscdk.services.backup.BackupPlan;
import software.amazon.awscdk.services.backup.BackupPlanCopyActionProps;
import software.amazon.awscdk.services.backup.BackupPlanRule;
import software.amazon.awscdk.services.backup.BackupPlanRuleProps;
import software.amazon.awscdk.services.backup.BackupResource;
import software.amazon.awscdk.services.backup.BackupSelection;
import software.amazon.awscdk.services.backup.BackupSelectionOptions;
import software.amazon.awscdk.services.backup.BackupVault;
import software.amazon.awscdk.services.backup.IBackupVault;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * The source region: an AWS Backup plan for the databases carrying the selection tag, with the
 * configured retention rules, each copying its recovery points to the recovery region's vault;
 * the plan's own vault is encrypted with its own key and locked.
 */
public final class SourceRegionStack extends Stack {

    private final BackupVault vault;
    private final BackupPlan plan;

    public SourceRegionStack(Construct scope, String id, StackProps props, DrillConfig config) {
        super(scope, id, props);
        Key key = Keys.rotating(this, "VaultKey", "alias/restore-drill/source-vault",
                "Restore Drill: encrypts the source region's AWS Backup vault " + Names.SOURCE_VAULT + ".");
        this.vault = LockedVault.create(this, "Vault", Names.SOURCE_VAULT, config.vaultLock(), key);
        IBackupVault recoveryVault = BackupVault.fromBackupVaultArn(this, "RecoveryVault", recoveryVaultArn(config));
        this.plan = BackupPlan.Builder.create(this, "Plan").backupPlanName(Names.BACKUP_PLAN).backupVault(vault).build();
        TimeZone zone = TimeZone.of(config.schedule().when().timeZone());
        for (RetentionRule rule : config.backup().rules()) {
            plan.addRule(new BackupPlanRule(BackupPlanRuleProps.builder()
                    .ruleName(rule.name())
                    .scheduleExpression(Schedule.expression(rule.schedule()))
                    .scheduleExpressionTimezone(zone)
                    .deleteAfter(Duration.days(rule.deleteAfterDays()))
                    .moveToColdStorageAfter(rule.coldStorageAfterDays() == null ? null
                            : Duration.days(rule.coldStorageAfterDays()))
                    .copyActions(List.of(BackupPlanCopyActionProps.builder()
                            .destinationBackupVault(recoveryVault)
                            .deleteAfter(Duration.days(rule.deleteAfterDays()))
                            .moveToColdStorageAfter(rule.coldStorageAfterDays() == null ? null
                                    : Duration.days(rule.coldStorageAfterDays()))
                            .build()))
                    .build()));
        }
        BackupSelection selection = plan.addSelection("SourceDatabases", BackupSelectionOptions.builder()
                .backupSelectionName("restore-drill-sources")
                .resources(List.of(BackupResource.fromTag(config.backup().selectionTag().key(),
                        config.backup().selectionTag().value())))
                .build());
        Acknowledge.on(selection, Acknowledge.findings("AwsSolutions-IAM4",
                "AWS Backup's own service-role policies (AWSBackupServiceRolePolicyForBackup and ...ForRestores) are what"
                        + " AWS Backup documents for a selection's role; AWS keeps them in step with the services it backs up.",
                "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
                "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores"));
    }

    /** The recovery stack's vault, by the name both stacks agree on: no cross-region reference, so synth works offline. */
    private String recoveryVaultArn(DrillConfig config) {
        return Arn.format(ArnComponents.builder().service("backup").region(config.recoveryRegion())
                .account(config.account()).resource("backup-vault").resourceName(Names.RECOVERY_VAULT)
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build(), this);
    }

    public BackupVault vault() {
        return vault;
    }

    public BackupPlan plan() {
        return plan;
    }
}
