package io.restoredrill.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.restoredrill.infra.Cfn.Statement;
import io.restoredrill.infra.config.ConfigLoader;
import io.restoredrill.infra.config.DrillConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * Point-in-time drills in the recovery region. GIVEN the example, whose source shop-prod has {@code pitr:
 * {retentionDays: 7}}, THEN the source stack starts replicating shop-prod's automated backups in the RECOVERY region
 * with the recovery region's snapshots key (found by its alias there) and a retention of 7 days, and stops it on
 * delete, with permissions for exactly those calls on that source; the Plan and Restore roles may find replicated
 * backups and restore them only into a drill-named instance in the isolated subnet group, with the drill's tags.
 * GIVEN a configuration without {@code pitr}, THEN the source stack has no replication and no custom resource.
 */
class BackupReplicationTest {

    private static final Synthesized SYNTH = Synthesized.example();
    private static final Template SOURCE = SYNTH.source();
    private static final String SHOP_ARN = "arn:aws:rds:eu-central-1:111111111111:db:shop-prod";

    @Test
    void theSourceStackStartsReplicationOfShopProdInTheRecoveryRegionWithTheRecoveryKeyAndItsRetention() {
        Map<String, Object> replication = Cfn.only(SOURCE, "Custom::AutomatedBackupsReplication");
        Map<String, Object> create = call(replication.get("Create"));
        assertThat(create).containsEntry("service", "RDS").containsEntry("action", "StartDBInstanceAutomatedBackupsReplication")
                .containsEntry("region", "eu-west-1")
                .containsEntry("physicalResourceId", Map.of("id", SHOP_ARN));
        assertThat(Cfn.map(create.get("parameters"))).containsEntry("SourceDBInstanceArn", SHOP_ARN)
                .containsEntry("BackupRetentionPeriod", 7).containsEntry("SourceRegion", "eu-central-1")
                .containsEntry("KmsKeyId", "<" + keyLookupId() + ".KeyMetadata.Arn>");
        Map<String, Object> delete = call(replication.get("Delete"));
        assertThat(delete).containsEntry("action", "StopDBInstanceAutomatedBackupsReplication").containsEntry("region", "eu-west-1");
        assertThat(Cfn.map(delete.get("parameters"))).containsEntry("SourceDBInstanceArn", SHOP_ARN);
        // the key: the recovery region's snapshots key, by its alias, looked up there
        Map<String, Object> lookup = call(Cfn.only(SOURCE, "Custom::RecoveryRegionSnapshotsKey").get("Update"));
        assertThat(lookup).containsEntry("service", "KMS").containsEntry("action", "DescribeKey").containsEntry("region", "eu-west-1");
        assertThat(Cfn.map(lookup.get("parameters"))).containsEntry("KeyId", Names.SNAPSHOTS_KEY_ALIAS);
    }

    @Test
    void theReplicationMayStartAndStopOnlyThatSourceAndUseOnlyTheRecoveryKeyThroughRds() {
        List<Statement> statements = Cfn.statements(SOURCE).stream()
                .filter(s -> s.actions().stream().anyMatch(a -> a.contains("AutomatedBackupsReplication") || a.startsWith("kms:")))
                .toList();
        Statement start = sid(statements, "StartReplicationOfThisSource");
        assertThat(start.actions()).containsExactly("rds:StartDBInstanceAutomatedBackupsReplication");
        assertThat(start.resources()).containsExactlyInAnyOrder(SHOP_ARN, "arn:aws:rds:eu-west-1:111111111111:auto-backup:*");
        Statement stop = sid(statements, "StopReplicationOfThisSource");
        assertThat(stop.actions()).containsExactly("rds:StopDBInstanceAutomatedBackupsReplication");
        assertThat(stop.resources()).containsExactly(SHOP_ARN);
        String key = "<" + keyLookupId() + ".KeyMetadata.Arn>";
        Statement grant = sid(statements, "RdsEncryptsReplicatedBackupsWithRecoveryKeyGrant");
        assertThat(grant.actions()).containsExactly("kms:CreateGrant");
        assertThat(grant.resources()).containsExactly(key);
        assertThat(grant.condition("StringEquals", "kms:ViaService")).isEqualTo("rds.eu-west-1.amazonaws.com");
        assertThat(grant.condition("Bool", "kms:GrantIsForAWSResource")).isEqualTo("true");
        Statement describe = sid(statements, "RdsEncryptsReplicatedBackupsWithRecoveryKeyDescribe");
        assertThat(describe.actions()).containsExactly("kms:DescribeKey");
        assertThat(describe.resources()).containsExactly(key);
        Statement find = sid(statements, "FindTheRecoveryRegionsSnapshotsKeyByItsAlias");
        assertThat(find.resources()).containsExactly("arn:aws:kms:eu-west-1:111111111111:key/*");
        assertThat(find.condition("StringEquals", "kms:RequestAlias")).isEqualTo(Names.SNAPSHOTS_KEY_ALIAS);
        // nothing else in the source stack may start or stop replication
        assertThat(Cfn.statements(SOURCE).stream().filter(s -> s.actions().stream().anyMatch(a -> a.contains("AutomatedBackups"))))
                .containsExactlyInAnyOrder(start, stop);
    }

    @Test
    void planAndRestoreMayFindReplicatedBackupsAndRestoreThemOnlyIntoADrillNamedTaggedInstanceInTheIsolatedSubnets() {
        for (Task task : List.of(Task.PLAN, Task.RESTORE)) {
            Statement describe = sid(statementsOf(task), "DescribeReplicatedAutomatedBackups");
            assertThat(describe.actions()).containsExactly("rds:DescribeDBInstanceAutomatedBackups");
            assertThat(describe.resources()).containsExactly("arn:aws:rds:eu-west-1:111111111111:auto-backup:*");
        }
        Statement restore = sid(statementsOf(Task.RESTORE), "RestorePointInTimeTaggedIntoIsolatedSubnets");
        assertThat(restore.actions()).containsExactly("rds:RestoreDBInstanceToPointInTime");
        assertThat(restore.resources()).containsExactlyInAnyOrder(
                "arn:aws:rds:eu-west-1:111111111111:db:" + Names.DRILL_RESOURCE_PREFIX + "*",
                "arn:aws:rds:eu-west-1:111111111111:auto-backup:*",
                "arn:aws:rds:eu-west-1:111111111111:subgrp:" + Names.SUBNET_GROUP,
                "arn:aws:rds:eu-west-1:111111111111:og:*", "arn:aws:rds:eu-west-1:111111111111:pg:*");
        assertThat(restore.condition("StringEquals", "aws:RequestTag/" + Names.TAG_MANAGED)).isEqualTo("true");
        // no other statement of any role allows a point-in-time restore: not onto a non-drill name, not in the source region
        List<Statement> all = Cfn.statements(SYNTH.recovery());
        assertThat(all.stream().filter(s -> s.actions().contains("rds:RestoreDBInstanceToPointInTime"))).containsExactly(restore);
        assertThat(restore.resources()).noneMatch(r -> r.contains(":db:*") || r.contains(":db:shop-prod")
                || r.contains("eu-central-1"));
        // the recovery key RDS decrypts the replicated backups with: Restore's grant through RDS in the recovery region
        assertThat(statementsOf(Task.RESTORE)).anyMatch(s -> s.actions().contains("kms:CreateGrant")
                && "rds.eu-west-1.amazonaws.com".equals(s.condition("StringEquals", "kms:ViaService")));
    }

    @Test
    void withoutPitrTheSourceStackHasNoReplicationAndNoCustomResource() {
        DrillConfig config = Configs.parse(t -> ((com.fasterxml.jackson.databind.node.ObjectNode) t.withArray("sources").get(0))
                .remove("pitr"));
        Synthesized plain = Synthesized.of(config, "no-pitr", false);

        assertThat(plain.stacks().source().replication()).isNull();
        assertThat(plain.source().findResources("Custom::AutomatedBackupsReplication")).isEmpty();
        assertThat(plain.source().findResources("Custom::RecoveryRegionSnapshotsKey")).isEmpty();
        assertThat(plain.source().findResources("AWS::Lambda::Function")).isEmpty();
    }

    /** An AwsCustomResource's SDK call, as the template gives it (JSON text with the references rendered). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> call(Object property) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readValue(Cfn.render(property), Map.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String keyLookupId() {
        return SOURCE.findResources("Custom::RecoveryRegionSnapshotsKey").keySet().iterator().next();
    }

    private static Statement sid(List<Statement> statements, String sid) {
        return statements.stream().filter(s -> sid.equals(s.sid())).findFirst()
                .orElseThrow(() -> new AssertionError("no statement " + sid + " in " + statements));
    }

    private static List<Statement> statementsOf(Task task) {
        String role = "<Ref:" + Functions.roleId(SYNTH.recovery(), task) + ">";
        return Cfn.statements(SYNTH.recovery()).stream().filter(s -> s.roles().contains(role)).toList();
    }
}
