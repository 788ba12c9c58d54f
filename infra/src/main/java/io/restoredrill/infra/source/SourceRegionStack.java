package io.restoredrill.infra.source;

import io.restoredrill.infra.Names;
import io.restoredrill.infra.config.DrillConfig;
import io.restoredrill.infra.config.DrillConfig.RetentionRule;
import io.restoredrill.infra.shared.Acknowledge;
import io.restoredrill.infra.shared.KeyTampering;
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
import software.amazon.awscdk.services.events.CfnRule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * The source region: an AWS Backup plan for the databases carrying the selection tag, with the
 * configured retention rules, each copying its recovery points to the recovery region's vault;
 * the plan's own vault is encrypted with its own key and locked. The key is one that protects
 * locked backups ({@link Keys#protectingLockedBackups}), and every attempt to delete, disable or
 * rewrite it is forwarded to the recovery region's key-events bus ({@link KeyTampering}). Sources with {@code pitr} get
 * their automated backups replicated to the recovery region ({@link BackupReplication}).
 */
public final class SourceRegionStack extends Stack {

    private final Key vaultKey;
    private final BackupVault vault;
    private final BackupPlan plan;
    private final BackupReplication replication;

    public SourceRegionStack(Construct scope, String id, StackProps props, DrillConfig config) {
        super(scope, id, props);
        this.vaultKey = Keys.protectingLockedBackups(this, "VaultKey", "alias/restore-drill/source-vault",
                "Restore Drill: encrypts the source region's AWS Backup vault " + Names.SOURCE_VAULT + ".",
                config.breakGlassRoleName());
        this.vault = LockedVault.create(this, "Vault", Names.SOURCE_VAULT, config.vaultLock(), vaultKey);
        forwardKeyTampering(config);
        List<DrillConfig.Source> replicated = config.sources().stream().filter(source -> source.pitr() != null).toList();
        this.replication = replicated.isEmpty() ? null : new BackupReplication(this, "BackupReplication", config, replicated);
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

    /**
     * Attempts on the vault key (KeyTampering) go to the recovery region's key-events bus, by the name both stacks agree
     * on, where a rule hands them to the topic; EventBridge assumes the role for this rule only to put them there.
     */
    private void forwardKeyTampering(DrillConfig config) {
        String ruleArn = KeyTampering.ruleArn(this, getRegion(), null, KeyTampering.RULE_NAME);
        String busArn = KeyTampering.busArn(this, config.recoveryRegion(), Names.KEY_EVENTS_BUS);
        Role role = KeyTampering.eventsRole(this, "KeyTamperingForwarderRole", List.of(ruleArn),
                "Restore Drill: forwards attempts on the source vault key to the recovery region's key-events bus.");
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("PutIntoTheRecoveryRegionsKeyEventsBus")
                .actions(List.of("events:PutEvents"))
                .resources(List.of(busArn))
                .build());
        CfnRule rule = CfnRule.Builder.create(this, "KeyTampering")
                .name(KeyTampering.RULE_NAME)
                .description("Restore Drill: attempts to delete, disable or rewrite the source vault key; forwarded to the"
                        + " recovery region's topic. Runbook: docs/alarms.md#backup-key-tampering")
                .eventPattern(KeyTampering.pattern(vaultKey))
                .state("ENABLED")
                .targets(List.of(CfnRule.TargetProperty.builder()
                        .id("RecoveryRegionKeyEventsBus")
                        .arn(busArn)
                        .roleArn(role.getRoleArn())
                        .build()))
                .build();
        rule.getNode().addDependency(role);
        Acknowledge.on(role, Acknowledge.rule("NIST.800.53.R5-IAMNoInlinePolicy", "The forwarder role has one policy"
                + " written for it alone (events:PutEvents on the recovery region's key-events bus); a managed policy would"
                + " add reuse that is not wanted, and CloudFormation versions and rolls it back with the stack."));
    }

    /** The recovery stack's vault, by the name both stacks agree on: no cross-region reference, so synth works offline. */
    private String recoveryVaultArn(DrillConfig config) {
        return Arn.format(ArnComponents.builder().service("backup").region(config.recoveryRegion())
                .account(config.account()).resource("backup-vault").resourceName(Names.RECOVERY_VAULT)
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build(), this);
    }

    public Key vaultKey() {
        return vaultKey;
    }

    public BackupVault vault() {
        return vault;
    }

    public BackupPlan plan() {
        return plan;
    }

    /** The replication of the sources' automated backups, or {@code null} when no source has {@code pitr}. */
    public BackupReplication replication() {
        return replication;
    }
}
