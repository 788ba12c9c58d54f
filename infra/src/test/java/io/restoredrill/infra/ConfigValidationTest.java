package io.restoredrill.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.infra.config.ConfigLoader;
import io.restoredrill.infra.config.DrillConfig;
import io.restoredrill.infra.config.DrillConfig.LockMode;
import io.restoredrill.infra.config.DrillConfig.ScheduleTarget;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The configuration is validated at synth: GIVEN a configuration breaking one rule, WHEN loaded,
 * THEN it fails with an InvalidInputException naming the field and what to do; all problems come
 * together; the example and a minimal configuration (defaults filled in) are valid.
 */
class ConfigValidationTest {

    @Test
    void theExampleIsValid() {
        DrillConfig config = ConfigLoader.load(Synthesized.EXAMPLE);
        assertThat(config.sources()).hasSize(2);
        assertThat(config.vaultLock().mode()).isEqualTo(LockMode.COMPLIANCE);
        assertThat(config.schedule().target()).isEqualTo(ScheduleTarget.FLEET);
    }

    @Test
    void aMinimalConfigurationGetsTheDefaults() {
        DrillConfig config = ConfigLoader.parse("""
                {"account": "012345678901", "sourceRegion": "us-east-1", "recoveryRegion": "us-west-2",
                 "sources": [{"identifier": "orders"}],
                 "schedule": {"cron": "cron(0 4 ? * MON *)", "timeZone": "UTC"},
                 "budgets": {"rto": "30m", "phases": {"verify": "5m"}},
                 "notifications": {"emails": ["ops@example.com"]}}""", "minimal.json");
        assertThat(config.account()).isEqualTo("012345678901");
        assertThat(config.backup().rules()).extracting(DrillConfig.RetentionRule::deleteAfterDays)
                .containsExactly(35, 84, 365, 2555);
        assertThat(config.vaultLock()).isEqualTo(new DrillConfig.VaultLock(LockMode.COMPLIANCE, 3, 7, null));
        assertThat(config.janitor().timeZone()).isEqualTo("UTC");
        assertThat(config.fleetMaxConcurrency()).isEqualTo(3);
        assertThat(config.alarms().noSuccessDays()).isEqualTo(7);
        assertThat(config.drillTtl()).isEqualTo("12h");
        assertThat(config.instanceClass()).isEqualTo("db.t4g.medium");
        assertThat(config.breakGlassRoleName()).isEqualTo("restore-drill-break-glass");
    }

    @Test
    void unknownFieldsWrongTypesAndBrokenJsonNameWhere() {
        fails(t -> t.with("schedule").put("timezone", "UTC"), "test.json: unknown field 'schedule.timezone'", "timeZone");
        fails(t -> t.put("account", 111111111111L), "field 'account' has the wrong type");
        fails(t -> t.with("fleet").put("maxConcurrency", "3"), "field 'fleet.maxConcurrency' has the wrong type");
        assertThatThrownBy(() -> ConfigLoader.parse("{\"account\": ", "broken.json"))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("broken.json is not valid JSON");
        assertThatThrownBy(() -> ConfigLoader.load(Path.of("no/such.json")))
                .hasMessageContaining("does not exist").hasMessageContaining("configFile");
    }

    @Test
    void accountAndRegions() {
        fails(t -> t.put("account", "1234"), "account: '1234' is not a 12-digit AWS account id");
        fails(t -> t.remove("sourceRegion"), "sourceRegion: is missing");
        fails(t -> t.put("recoveryRegion", "Ireland"), "recoveryRegion: 'Ireland' is not an AWS region");
        fails(t -> t.put("recoveryRegion", "eu-central-1"), "recoveryRegion: is the same as sourceRegion");
    }

    @Test
    void sources() {
        fails(t -> t.putArray("sources"), "sources: is missing or empty");
        fails(t -> t.withArray("sources").addObject().put("identifier", "shop-prod"), "sources[2].identifier: 'shop-prod' is listed twice");
        fails(t -> t.withArray("sources").addObject().put("identifier", "9lives"), "sources[2].identifier: '9lives' is not an RDS");
        fails(t -> t.withArray("sources").addObject().put("identifier", "x").put("snapshotMode", "EXISTING"),
                "sources[2].snapshotMode: 'EXISTING' is not one of");
    }

    @Test
    void schedules() {
        fails(t -> t.with("schedule").put("cron", "rate(7 days)"), "schedule.cron: 'rate(7 days)' is not a cron expression");
        fails(t -> t.with("schedule").put("timeZone", "CEST"), "schedule.timeZone: 'CEST' is not an IANA time zone");
        fails(t -> t.with("schedule").put("target", "ALL"), "schedule.target: 'ALL' is not one of FLEET, PER_SOURCE");
        fails(t -> t.with("janitor").put("cron", "cron(15 * * *)"), "janitor.cron:");
    }

    @Test
    void budgets() {
        fails(t -> t.with("budgets").put("rto", "soon"), "budgets.rto: 'soon' is not a positive duration");
        fails(t -> t.with("budgets").with("phases").put("nap", "5m"), "budgets.phases.nap: unknown phase 'nap'");
        fails(t -> t.with("budgets").with("phases").put("publish", "5m"), "budgets.phases.publish: Publish has no budget");
        // Verify runs as long as its budget, in as many invocations as it takes: hours, within the RTO
        assertThat(Configs.parse(t -> t.with("budgets").put("rto", "5h").with("phases").put("verify", "4h"))
                .budgets().verify()).isEqualTo(java.time.Duration.ofHours(4));
        assertThat(Configs.parse(t -> t.with("budgets").with("phases").remove("verify")).budgets().verify()).isNull();
        fails(t -> t.put("drillTtl", "30m"), "drillTtl: '30m' must be longer than budgets.rto (1h)");
    }

    @Test
    void aSourceMayHaveItsOwnBudgetsAndSuiteTheRestFromTheTopLevel() {
        DrillConfig config = ConfigLoader.load(Synthesized.EXAMPLE);
        DrillConfig.Source shop = config.sources().get(0);
        assertThat(config.budgetsOf(shop).parsed().rpo()).isEqualTo(java.time.Duration.ofHours(26));
        assertThat(config.budgetsOf(shop).parsed().rto()).as("from the top level").isEqualTo(java.time.Duration.ofHours(1));
        assertThat(config.budgetsOf(shop).phases()).isEqualTo(config.budgets().phases());
        assertThat(shop.suite()).startsWith("{\"tables\":[\"public.orders\"");
        assertThat(shop.instanceClass()).isEqualTo("db.r6g.xlarge");
        assertThat(config.sources().get(1).instanceClass()).as("the top-level class").isNull();
        DrillConfig.Source billing = config.sources().get(1);
        assertThat(config.budgetsOf(billing).parsed().rto()).isEqualTo(java.time.Duration.ofMinutes(90));
        assertThat(config.budgetsOf(billing).parsed().rpo()).isNull();
        assertThat(billing.suite()).isNull();
        DrillConfig restoreOnly = Configs.parse(t -> source(t, 1).with("budgets").with("phases").put("restore", "2h"));
        assertThat(restoreOnly.budgetsOf(restoreOnly.sources().get(1)).phases()).as("merged phase by phase")
                .containsEntry("restore", "2h").containsEntry("verify", "10m").containsEntry("copy", "2h");
    }

    @Test
    void aSourcesBudgetsAndSuiteAreCheckedAsTheTopLevelOnesNamingTheSource() {
        fails(t -> source(t, 1).with("budgets").put("rto", "soon"), "sources[1].budgets.rto: 'soon' is not a positive duration");
        fails(t -> source(t, 1).with("budgets").put("rpo", "yesterday"), "sources[1].budgets.rpo: 'yesterday'");
        fails(t -> source(t, 1).with("restore").put("instanceClass", "r6g.large"),
                "sources[1].restore.instanceClass: 'r6g.large' is not an RDS instance class such as db.t4g.medium");
        fails(t -> source(t, 1).with("budgets").put("rto", "13h"), "drillTtl: '12h' must be longer than sources[1].budgets.rto (13h)");
        fails(t -> source(t, 0).with("suite").putArray("rowcount"), "sources[0].suite: Suite file 'sources[0].suite'",
                "unknown field 'rowcount'");
        fails(t -> source(t, 0).put("suite", "checks.yaml"), "sources[0].suite: Field 'sources[0].suite' must be a suite");
        fails(t -> source(t, 0).with("suite").putArray("programs").addObject().put("name", "audit").put("command", "./audit"),
                "sources[0].suite: Field 'sources[0].suite.programs' names programs");
    }

    private static ObjectNode source(ObjectNode tree, int index) {
        return (ObjectNode) tree.withArray("sources").get(index);
    }

    @Test
    void restoreInstanceClass() {
        fails(t -> t.with("restore").put("instanceClass", "t4g.medium"), "restore.instanceClass: 't4g.medium' is not an RDS instance class");
    }

    @Test
    void retentionRules() {
        fails(t -> rule(t, 0).put("deleteAfterDays", 0), "backup.rules[0].deleteAfterDays: 0 must be at least 1 day");
        fails(t -> rule(t, 2).put("coldStorageAfterDays", 300), "backup.rules[2].coldStorageAfterDays: recovery points stay in cold"
                + " storage at least 90 days, so deleteAfterDays (365) must be at least coldStorageAfterDays + 90 (390)");
        fails(t -> rule(t, 1).put("name", "daily"), "backup.rules[1].name: 'daily' is used by two rules");
        fails(t -> rule(t, 1).put("schedule", "weekly"), "backup.rules[1].schedule: 'weekly' is not a cron expression");
        fails(t -> t.with("backup").putArray("rules"), "backup.rules: is empty");
        fails(t -> t.with("backup").with("selectionTag").put("key", "restore-drill:managed"),
                "backup.selectionTag.key: 'restore-drill:managed' is a tag drills put on their own throwaway copies");
    }

    @Test
    void vaultLock() {
        fails(t -> t.with("vaultLock").put("changeableForDays", 2), "vaultLock.changeableForDays: 2 is below 3");
        fails(t -> t.with("vaultLock").put("mode", "GOVERNANCE"), "vaultLock.changeableForDays: applies only to mode COMPLIANCE");
        fails(t -> t.with("vaultLock").put("mode", "STRICT"), "vaultLock.mode: 'STRICT' is not one of COMPLIANCE, GOVERNANCE");
        fails(t -> t.with("vaultLock").put("minRetentionDays", 40), "backup.rules[0] (daily).deleteAfterDays: 35 is below"
                + " vaultLock.minRetentionDays (40); the locked vaults would refuse its recovery points");
        fails(t -> t.with("vaultLock").put("maxRetentionDays", 365), "backup.rules[3] (yearly).deleteAfterDays: 2555 is above"
                + " vaultLock.maxRetentionDays (365)");
        DrillConfig governance = Configs.parse(t -> t.with("vaultLock").put("mode", "GOVERNANCE").remove("changeableForDays"));
        assertThat(governance.vaultLock().changeableForDays()).isNull();
    }

    @Test
    void alarmsNotificationsFleetAndEvidence() {
        fails(t -> t.with("alarms").put("noSuccessDays", 8), "alarms.noSuccessDays: 8 is outside 1 to 7",
                "CloudWatch evaluates an alarm over at most 7 days");
        fails(t -> t.with("notifications").putArray("emails"), "notifications.emails: is missing or empty");
        fails(t -> t.with("notifications").withArray("emails").add("not-an-address"),
                "notifications.emails[1]: 'not-an-address' is not an e-mail address");
        fails(t -> t.with("fleet").put("maxConcurrency", 6), "fleet.maxConcurrency: 6 is outside 1 to 5",
                "RDS copies at most 5 snapshots across regions at once");
        fails(t -> t.with("evidence").put("retentionDays", 0), "evidence.retentionDays: 0 is outside 1 to 36500");
    }

    @Test
    void breakGlassRoleName() {
        assertThat(Configs.parse(t -> t.with("keys").put("breakGlassRoleName", "security+ops@glass")).breakGlassRoleName())
                .isEqualTo("security+ops@glass");
        fails(t -> t.with("keys").put("breakGlassRoleName", "arn:aws:iam::111111111111:role/glass"),
                "keys.breakGlassRoleName: 'arn:aws:iam::111111111111:role/glass' must be a role name, not an ARN or a path");
        fails(t -> t.with("keys").put("breakGlassRoleName", "security/glass"), "keys.breakGlassRoleName: 'security/glass' must be");
        fails(t -> t.with("keys").put("breakGlassRoleName", "has space"), "keys.breakGlassRoleName: 'has space' is not an IAM role name");
        fails(t -> t.with("keys").put("breakGlassRoleName", "x".repeat(65)), "is not an IAM role name");
        fails(t -> t.with("keys").put("breakGlassRoleName", ""), "keys.breakGlassRoleName: '' is not an IAM role name");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> Configs.parse(t -> {
            t.put("account", "x");
            t.with("fleet").put("maxConcurrency", 9);
            t.with("alarms").put("noSuccessDays", 0);
        })).hasMessageStartingWith("test.json has 3 problems:")
                .hasMessageContaining("account:").hasMessageContaining("fleet.maxConcurrency:").hasMessageContaining("alarms.noSuccessDays:");
    }

    private static ObjectNode rule(ObjectNode tree, int index) {
        return (ObjectNode) tree.with("backup").withArray("rules").get(index);
    }

    @Test
    void restoreTestingGetsItsDefaultsAndNamesItsResourceType() {
        DrillConfig config = Configs.parse(t -> source(t, 1).putObject("restoreTesting").put("resourceType", "aurora")
                .put("schedule", "cron(0 5 ? * SUN *)"));
        DrillConfig.RestoreTesting testing = config.sources().get(1).restoreTesting();
        assertThat(testing).isEqualTo(new DrillConfig.RestoreTesting(DrillConfig.RestoreTestResourceType.AURORA,
                "cron(0 5 ? * SUN *)", null, 8, 24, 7, DrillConfig.SelectionAlgorithm.LATEST_WITHIN_WINDOW));
        assertThat(Configs.parse(t -> source(t, 1).remove("restoreTesting")).sources().get(1).restoreTesting()).isNull();
    }

    @Test
    void restoreTesting() {
        fails(t -> source(t, 1).with("restoreTesting").put("resourceType", "DocumentDB"),
                "sources[1].restoreTesting.resourceType: 'DocumentDB' is not one of RDS, Aurora");
        fails(t -> source(t, 1).with("restoreTesting").remove("resourceType"), "sources[1].restoreTesting.resourceType: is missing");
        fails(t -> source(t, 1).with("restoreTesting").remove("schedule"), "sources[1].restoreTesting.schedule: is missing");
        fails(t -> source(t, 1).with("restoreTesting").put("schedule", "rate(7 days)"),
                "sources[1].restoreTesting.schedule: 'rate(7 days)' is not a cron expression");
        fails(t -> source(t, 1).with("restoreTesting").put("timeZone", "CEST"),
                "sources[1].restoreTesting.timeZone: 'CEST' is not an IANA time zone");
        // billing-aurora's RTO is 90m: AWS Backup deletes the restored database after the validation window, so 1 h is too short
        fails(t -> source(t, 1).with("restoreTesting").put("validationWindowHours", 1),
                "sources[1].restoreTesting.validationWindowHours: 1 is shorter than the source's RTO (90m, 2 h rounded up)",
                "the drill verifies inside it, so make it at least 2");
        assertThat(Configs.parse(t -> source(t, 1).with("restoreTesting").put("validationWindowHours", 2)).sources().get(1)
                .restoreTesting().validationWindowHours()).isEqualTo(2);
        // shop-prod inherits the top-level RTO, 1h
        assertThat(Configs.parse(t -> source(t, 0).with("restoreTesting").put("validationWindowHours", 1)).sources().get(0)
                .restoreTesting().validationWindowHours()).isEqualTo(1);
        fails(t -> source(t, 1).with("restoreTesting").put("validationWindowHours", 169),
                "sources[1].restoreTesting.validationWindowHours: 169 is outside 1 to 168");
        fails(t -> source(t, 1).with("restoreTesting").put("startWindowHours", 0),
                "sources[1].restoreTesting.startWindowHours: 0 is outside 1 to 168");
        fails(t -> source(t, 1).with("restoreTesting").put("selectionWindowDays", 366),
                "sources[1].restoreTesting.selectionWindowDays: 366 is outside 1 to 365");
        fails(t -> source(t, 1).with("restoreTesting").put("algorithm", "OLDEST"),
                "sources[1].restoreTesting.algorithm: 'OLDEST' is not one of LATEST_WITHIN_WINDOW, RANDOM_WITHIN_WINDOW");
        fails(t -> source(t, 1).with("restoreTesting").put("windowHours", 3),
                "unknown field 'sources[1].restoreTesting.windowHours'");
    }

    @Test
    void pitrReplicatesADbInstancesBackupsForOneToThirtyFiveDaysAndIsRefusedForAurora() {
        // GIVEN the example, where shop-prod (an RDS instance) has pitr THEN it is kept, and a source without it has none
        DrillConfig config = Configs.parse(t -> { });
        assertThat(config.sources().get(0).pitr()).isEqualTo(new DrillConfig.Pitr(7));
        assertThat(config.sources().get(1).pitr()).isNull();
        assertThat(Configs.parse(t -> source(t, 0).put("snapshotMode", "pitr")).sources().get(0).snapshotMode()).isEqualTo("PITR");
        fails(t -> source(t, 0).with("pitr").remove("retentionDays"), "sources[0].pitr.retentionDays: is missing");
        fails(t -> source(t, 0).with("pitr").put("retentionDays", 36),
                "sources[0].pitr.retentionDays: 36 is outside 1 to 35: RDS keeps replicated automated backups 1 to 35 days");
        fails(t -> source(t, 0).with("pitr").put("retentionDays", 0), "sources[0].pitr.retentionDays: 0 is outside 1 to 35");
        // AND for billing-aurora (an Aurora cluster) the block, or the drill mode, is refused with what comes closest
        fails(t -> source(t, 1).putObject("pitr").put("retentionDays", 7),
                "sources[1].pitr: 'billing-aurora' is an Aurora cluster", "RDS replicates the automated backups of DB instances only",
                "snapshotMode LATEST_RECOVERY_POINT", "Aurora Global Database");
        fails(t -> source(t, 1).put("snapshotMode", "PITR"), "sources[1].snapshotMode: 'billing-aurora' is an Aurora cluster");
    }

    private static void fails(Consumer<ObjectNode> change, String... expected) {
        var thrown = assertThatThrownBy(() -> Configs.parse(change)).isInstanceOf(InvalidInputException.class);
        for (String text : expected) {
            thrown.hasMessageContaining(text);
        }
    }
}
