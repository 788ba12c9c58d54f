package io.restoredrill.infra.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The configuration file exactly as written (infra/config/example.json documents every field).
 * Every field may be missing here; {@link ConfigValidator} fills defaults, checks each rule and
 * turns it into a {@link DrillConfig}.
 */
record ConfigFile(
        String account,
        String sourceRegion,
        String recoveryRegion,
        List<SourceFile> sources,
        ScheduleFile schedule,
        JanitorFile janitor,
        BudgetsFile budgets,
        RestoreFile restore,
        String drillTtl,
        BackupFile backup,
        VaultLockFile vaultLock,
        AlarmsFile alarms,
        NotificationsFile notifications,
        FleetFile fleet,
        EvidenceFile evidence,
        KeysFile keys) {

    record SourceFile(String identifier, String database, String snapshotMode, BudgetsFile budgets, JsonNode suite,
                      RestoreFile restore, RestoreTestingFile restoreTesting, PitrFile pitr) {
    }

    record PitrFile(Integer retentionDays) {
    }

    record RestoreTestingFile(String resourceType, String schedule, String timeZone, Integer startWindowHours,
                              Integer validationWindowHours, Integer selectionWindowDays, String algorithm) {
    }

    record ScheduleFile(String cron, String timeZone, String target) {
    }

    record JanitorFile(String cron, String timeZone) {
    }

    record BudgetsFile(String rto, String rpo, Map<String, String> phases) {
    }

    record RestoreFile(String instanceClass) {
    }

    record BackupFile(TagFile selectionTag, List<RuleFile> rules) {
    }

    record TagFile(String key, String value) {
    }

    record RuleFile(String name, String schedule, Integer deleteAfterDays, Integer coldStorageAfterDays) {
    }

    record VaultLockFile(String mode, Integer changeableForDays, Integer minRetentionDays, Integer maxRetentionDays) {
    }

    record AlarmsFile(Integer noSuccessDays) {
    }

    record NotificationsFile(List<String> emails) {
    }

    record FleetFile(Integer maxConcurrency) {
    }

    record EvidenceFile(Integer retentionDays) {
    }

    record KeysFile(String breakGlassRoleName) {
    }
}
