package io.restoredrill.infra.config;

import io.restoredrill.core.deployment.DrillTagKeys;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.error.SuiteFileInvalidException;
import io.restoredrill.core.model.Budgets;
import io.restoredrill.core.model.Phase;
import io.restoredrill.core.time.Durations;
import io.restoredrill.core.verify.suite.InlineSuites;
import io.restoredrill.infra.config.ConfigFile.BackupFile;
import io.restoredrill.infra.config.ConfigFile.PitrFile;
import io.restoredrill.infra.config.ConfigFile.RestoreTestingFile;
import io.restoredrill.infra.config.ConfigFile.RuleFile;
import io.restoredrill.infra.config.ConfigFile.SourceFile;
import io.restoredrill.infra.config.ConfigFile.VaultLockFile;
import io.restoredrill.infra.config.DrillConfig.Alarms;
import io.restoredrill.infra.config.DrillConfig.Backup;
import io.restoredrill.infra.config.DrillConfig.CronSchedule;
import io.restoredrill.infra.config.DrillConfig.DrillSchedule;
import io.restoredrill.infra.config.DrillConfig.LockMode;
import io.restoredrill.infra.config.DrillConfig.RestoreTestResourceType;
import io.restoredrill.infra.config.DrillConfig.Pitr;
import io.restoredrill.infra.config.DrillConfig.RestoreTesting;
import io.restoredrill.infra.config.DrillConfig.RetentionRule;
import io.restoredrill.infra.config.DrillConfig.ScheduleTarget;
import io.restoredrill.infra.config.DrillConfig.SelectionAlgorithm;
import io.restoredrill.infra.config.DrillConfig.Source;
import io.restoredrill.infra.config.DrillConfig.Tag;
import io.restoredrill.infra.config.DrillConfig.VaultLock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks every rule of the configuration and fills the defaults. All problems are collected and
 * reported together, each naming its field, so one synth shows everything to fix.
 */
final class ConfigValidator {



    static final String DEFAULT_INSTANCE_CLASS = "db.t4g.medium";
    static final String DEFAULT_TTL = "12h";
    static final CronSchedule DEFAULT_JANITOR = new CronSchedule("cron(15 * * * ? *)", "UTC");
    static final Tag DEFAULT_SELECTION_TAG = new Tag("restore-drill:backup", "true");
    /** Daily 35 days, weekly 12 weeks, monthly 12 months, yearly 7 years. */
    static final List<RetentionRule> DEFAULT_RULES = List.of(
            new RetentionRule("daily", "cron(0 3 * * ? *)", 35, null),
            new RetentionRule("weekly", "cron(0 4 ? * SUN *)", 84, null),
            new RetentionRule("monthly", "cron(0 5 1 * ? *)", 365, 30),
            new RetentionRule("yearly", "cron(0 6 1 1 ? *)", 2555, 90));
    static final int DEFAULT_CHANGEABLE_FOR_DAYS = 3;
    static final int DEFAULT_MIN_RETENTION_DAYS = 7;
    static final int DEFAULT_NO_SUCCESS_DAYS = 7;
    static final int DEFAULT_MAX_CONCURRENCY = 3;
    static final int DEFAULT_EVIDENCE_RETENTION_DAYS = 400;
    static final String DEFAULT_BREAK_GLASS_ROLE_NAME = "restore-drill-break-glass";
    static final int DEFAULT_START_WINDOW_HOURS = 8;
    static final int DEFAULT_VALIDATION_WINDOW_HOURS = 24;
    static final int DEFAULT_SELECTION_WINDOW_DAYS = 7;

    /** AWS Vault Lock's shortest compliance-mode grace period. */
    static final int MIN_CHANGEABLE_FOR_DAYS = 3;
    /** RDS copies at most 5 snapshots across regions at once per account and destination region. */
    static final int MAX_FLEET_CONCURRENCY = 5;
    /** CloudWatch evaluates an alarm over at most 7 days (period times evaluation periods). */
    static final int MAX_NO_SUCCESS_DAYS = 7;
    /** AWS Backup keeps a recovery point in cold storage for at least 90 days. */
    static final int MIN_COLD_STORAGE_DAYS = 90;
    /** AWS Backup restore testing: the longest start and validation windows. */
    static final int MAX_WINDOW_HOURS = 168;
    /** AWS Backup restore testing: the longest recovery point selection window. */
    static final int MAX_SELECTION_WINDOW_DAYS = 365;
    /** The fleet's execution input carries every source's suite; Step Functions takes inputs of at most 256 KB. */
    static final int MAX_FLEET_SUITE_BYTES = 192 * 1024;

    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
    private static final Pattern RDS_IDENTIFIER = Pattern.compile("[a-zA-Z](?:[a-zA-Z0-9]|-(?!-)){0,62}(?<!-)");
    private static final Pattern DATABASE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Pattern CRON = Pattern.compile("cron\\(\\S+( \\S+){5}\\)");
    private static final Pattern RULE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,50}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    /** An IAM role name (no path): what the key policies' aws:PrincipalArn condition names. */
    private static final Pattern ROLE_NAME = Pattern.compile("[A-Za-z0-9+=,.@_-]{1,64}");
    private static final Set<String> SCHEDULED_SNAPSHOT_MODES = Set.of("NEW", "LATEST_AUTOMATED", "LATEST_RECOVERY_POINT",
            "PITR");
    /** RDS keeps automated backups, and their replicas in another region, for 1 to 35 days. */
    private static final int MAX_BACKUP_RETENTION_DAYS = 35;
    private static final Set<String> DRILL_TAG_KEYS = Set.copyOf(DrillTagKeys.ALL);

    private final String origin;
    private final List<String> problems = new ArrayList<>();

    private ConfigValidator(String origin) {
        this.origin = origin;
    }

    static DrillConfig validate(ConfigFile file, String origin) {
        return new ConfigValidator(origin).check(file);
    }

    private DrillConfig check(ConfigFile file) {
        String account = required(file.account(), "account");
        if (account != null && !ACCOUNT.matcher(account).matches()) {
            problem("account", "'" + account + "' is not a 12-digit AWS account id (write it as a string, leading zeros kept)");
        }
        String sourceRegion = region(file.sourceRegion(), "sourceRegion");
        String recoveryRegion = region(file.recoveryRegion(), "recoveryRegion");
        if (sourceRegion != null && sourceRegion.equals(recoveryRegion)) {
            problem("recoveryRegion", "is the same as sourceRegion (" + sourceRegion + "); a drill proves recovery in "
                    + "another region, so name a different one");
        }
        DrillSchedule schedule = schedule(file.schedule());
        CronSchedule janitor = janitor(file.janitor());
        DrillBudgets budgets = budgets(file.budgets());
        List<Source> sources = sources(file.sources(), budgets);
        int suiteBytes = sources.stream().mapToInt(source -> source.suite() == null ? 0 : source.suite().length()).sum();
        if (suiteBytes > MAX_FLEET_SUITE_BYTES) {
            problem("sources[].suite", "the suites add up to " + suiteBytes + " bytes; the fleet's execution input carries"
                    + " them all, and Step Functions takes at most 256 KB, so keep them under " + MAX_FLEET_SUITE_BYTES / 1024
                    + " KB together");
        }
        String instanceClass = file.restore() == null || file.restore().instanceClass() == null ? DEFAULT_INSTANCE_CLASS
                : instanceClass(file.restore().instanceClass(), "restore.instanceClass");
        String ttl = ttl(file.drillTtl(), budgets);
        for (int i = 0; i < sources.size(); i++) {
            DrillBudgets own = sources.get(i).budgets();
            if (own != null && !ttlOutlasts(ttl, own)) {
                problem("drillTtl", "'" + ttl + "' must be longer than sources[" + i + "].budgets.rto (" + own.rto()
                        + "): the Janitor removes a drill's resources once its TTL has passed");
            }
        }
        VaultLock lock = vaultLock(file.vaultLock());
        Backup backup = backup(file.backup(), lock);
        Alarms alarms = new Alarms(range(file.alarms() == null ? null : file.alarms().noSuccessDays(), DEFAULT_NO_SUCCESS_DAYS,
                1, MAX_NO_SUCCESS_DAYS, "alarms.noSuccessDays",
                "CloudWatch evaluates an alarm over at most 7 days, so the no-successful-drill window is 1 to 7 days"));
        List<String> emails = emails(file.notifications() == null ? null : file.notifications().emails());
        int concurrency = range(file.fleet() == null ? null : file.fleet().maxConcurrency(), DEFAULT_MAX_CONCURRENCY, 1,
                MAX_FLEET_CONCURRENCY, "fleet.maxConcurrency",
                "RDS copies at most 5 snapshots across regions at once, so at most 5 drills may run together");
        int evidenceDays = range(file.evidence() == null ? null : file.evidence().retentionDays(),
                DEFAULT_EVIDENCE_RETENTION_DAYS, 1, 36_500, "evidence.retentionDays",
                "Object Lock retention is 1 to 36500 days");
        String breakGlass = breakGlassRoleName(file.keys() == null ? null : file.keys().breakGlassRoleName());
        if (!problems.isEmpty()) {
            throw new InvalidInputException(origin + " has " + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                    + ":\n  - " + String.join("\n  - ", problems));
        }
        return new DrillConfig(account, sourceRegion, recoveryRegion, sources, schedule, janitor, budgets, instanceClass,
                ttl, backup, lock, alarms, emails, concurrency, evidenceDays, breakGlass);
    }

    private List<Source> sources(List<SourceFile> files, DrillBudgets inherited) {
        if (files == null || files.isEmpty()) {
            problem("sources", "is missing or empty; name at least one database to drill, e.g. [{\"identifier\": \"shop-prod\"}]");
            return List.of();
        }
        List<Source> sources = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < files.size(); i++) {
            SourceFile file = files.get(i);
            String field = "sources[" + i + "]";
            if (file == null) {
                problem(field, "is null; write {\"identifier\": \"<db identifier>\"}");
                continue;
            }
            String identifier = required(file.identifier(), field + ".identifier");
            if (identifier != null && !RDS_IDENTIFIER.matcher(identifier).matches()) {
                problem(field + ".identifier", "'" + identifier + "' is not an RDS DB instance or Aurora cluster identifier");
            } else if (identifier != null && !seen.add(identifier.toLowerCase(Locale.ROOT))) {
                problem(field + ".identifier", "'" + identifier + "' is listed twice");
            }
            if (file.database() != null && !DATABASE.matcher(file.database()).matches()) {
                problem(field + ".database", "'" + file.database() + "' is not a PostgreSQL database name");
            }
            String mode = file.snapshotMode() == null ? null : file.snapshotMode().trim().toUpperCase(Locale.ROOT);
            if (mode != null && !SCHEDULED_SNAPSHOT_MODES.contains(mode)) {
                problem(field + ".snapshotMode", "'" + file.snapshotMode() + "' is not one of "
                        + SCHEDULED_SNAPSHOT_MODES.stream().sorted().collect(Collectors.joining(", "))
                        + " (EXISTING names one snapshot, so it is for manual runs only)");
            }
            DrillBudgets own = file.budgets() == null || inherited == null ? null
                    : sourceBudgets(file.budgets(), field + ".budgets", inherited);
            String suite = null;
            try {
                suite = InlineSuites.validate(file.suite(), field + ".suite");
            } catch (SuiteFileInvalidException e) {
                problem(field + ".suite", e.getMessage());
            }
            String instanceClass = file.restore() == null || file.restore().instanceClass() == null ? null
                    : instanceClass(file.restore().instanceClass(), field + ".restore.instanceClass");
            RestoreTesting restoreTesting = file.restoreTesting() == null ? null
                    : restoreTesting(file.restoreTesting(), field + ".restoreTesting", own != null ? own : inherited);
            Pitr pitr = file.pitr() == null ? null : pitr(file.pitr(), field + ".pitr");
            boolean aurora = restoreTesting != null && restoreTesting.resourceType() == RestoreTestResourceType.AURORA;
            if (aurora && (file.pitr() != null || "PITR".equals(mode))) {
                problem(field + (file.pitr() != null ? ".pitr" : ".snapshotMode"), "'" + identifier + "' is an Aurora cluster"
                        + " (its restoreTesting.resourceType is Aurora), and RDS replicates the automated backups of DB"
                        + " instances only, so no point in time of it can be restored in the recovery region; drill its hourly"
                        + " AWS Backup copies with snapshotMode LATEST_RECOVERY_POINT and an hourly backup rule, or run an"
                        + " Aurora Global Database secondary there (docs/deploy.md, \"Aurora\")");
            }
            sources.add(new Source(identifier, file.database(), mode, own, suite, instanceClass, restoreTesting, pitr));
        }
        return sources;
    }

    /**
     * A source's restore testing plan. AWS Backup keeps the restored database for the validation window and then
     * deletes it; the drill verifies inside that window, so it must last at least the source's RTO.
     */
    private RestoreTesting restoreTesting(RestoreTestingFile file, String field, DrillBudgets budgets) {
        RestoreTestResourceType type = null;
        String writtenType = required(file.resourceType(), field + ".resourceType");
        if (writtenType != null) {
            type = Arrays.stream(RestoreTestResourceType.values())
                    .filter(t -> t.protectedResourceType().equalsIgnoreCase(writtenType)).findFirst().orElse(null);
            if (type == null) {
                problem(field + ".resourceType", "'" + file.resourceType() + "' is not one of "
                        + Arrays.stream(RestoreTestResourceType.values()).map(RestoreTestResourceType::protectedResourceType)
                        .collect(Collectors.joining(", ")) + " (RDS: an RDS for PostgreSQL instance; Aurora: an Aurora"
                        + " PostgreSQL cluster)");
            }
        }
        String schedule = required(file.schedule(), field + ".schedule");
        if (schedule != null && !CRON.matcher(schedule).matches()) {
            problem(field + ".schedule", "'" + schedule + "' is not a cron expression of six fields such as cron(0 5 ? * SUN *)");
        }
        String zone = file.timeZone() == null ? null : file.timeZone().trim();
        if (zone != null && !ZoneId.getAvailableZoneIds().contains(zone)) {
            problem(field + ".timeZone", "'" + zone + "' is not an IANA time zone such as UTC or Europe/Berlin");
        }
        int start = range(file.startWindowHours(), DEFAULT_START_WINDOW_HOURS, 1, MAX_WINDOW_HOURS, field + ".startWindowHours",
                "AWS Backup starts a restore test within 1 to 168 hours of its scheduled time");
        int validation = range(file.validationWindowHours(), DEFAULT_VALIDATION_WINDOW_HOURS, 1, MAX_WINDOW_HOURS,
                field + ".validationWindowHours", "AWS Backup keeps a restored resource for validation 1 to 168 hours");
        if (budgets != null && validation >= 1 && validation <= MAX_WINDOW_HOURS) {
            long rtoHours = hoursRoundedUp(budgets.parsed().rto());
            if (validation < rtoHours) {
                problem(field + ".validationWindowHours", validation + " is shorter than the source's RTO (" + budgets.rto()
                        + ", " + rtoHours + " h rounded up): AWS Backup deletes the restored database when the validation"
                        + " window closes, and the drill verifies inside it, so make it at least " + rtoHours);
            }
        }
        int selection = range(file.selectionWindowDays(), DEFAULT_SELECTION_WINDOW_DAYS, 1, MAX_SELECTION_WINDOW_DAYS,
                field + ".selectionWindowDays", "AWS Backup chooses a recovery point from the last 1 to 365 days");
        SelectionAlgorithm algorithm = SelectionAlgorithm.LATEST_WITHIN_WINDOW;
        if (file.algorithm() != null) {
            try {
                algorithm = SelectionAlgorithm.valueOf(file.algorithm().trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problem(field + ".algorithm", "'" + file.algorithm() + "' is not one of " + names(SelectionAlgorithm.values()));
            }
        }
        return new RestoreTesting(type, schedule, zone, start, validation, selection, algorithm);
    }

    private Pitr pitr(PitrFile file, String field) {
        if (file.retentionDays() == null) {
            problem(field + ".retentionDays", "is missing; how many days of point-in-time restores RDS keeps in the recovery"
                    + " region, 1 to 35");
            return new Pitr(0);
        }
        return new Pitr(range(file.retentionDays(), 0, 1, MAX_BACKUP_RETENTION_DAYS, field + ".retentionDays",
                "RDS keeps replicated automated backups 1 to 35 days"));
    }

    private static long hoursRoundedUp(Duration duration) {
        long hours = duration.toHours();
        return duration.equals(Duration.ofHours(hours)) ? hours : hours + 1;
    }

    private String instanceClass(String written, String field) {
        String instanceClass = written.trim();
        if (!instanceClass.startsWith("db.")) {
            problem(field, "'" + instanceClass + "' is not an RDS instance class such as db.t4g.medium");
        }
        return instanceClass;
    }

    private DrillSchedule schedule(ConfigFile.ScheduleFile file) {
        if (file == null) {
            problem("schedule", "is missing; e.g. {\"cron\": \"cron(0 4 ? * MON *)\", \"timeZone\": \"Europe/Berlin\"}");
            return null;
        }
        CronSchedule when = cron(file.cron(), file.timeZone(), "schedule");
        ScheduleTarget target = ScheduleTarget.FLEET;
        if (file.target() != null) {
            try {
                target = ScheduleTarget.valueOf(file.target().trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problem("schedule.target", "'" + file.target() + "' is not one of " + names(ScheduleTarget.values()));
            }
        }
        return new DrillSchedule(when, target);
    }

    private CronSchedule janitor(ConfigFile.JanitorFile file) {
        if (file == null) {
            return DEFAULT_JANITOR;
        }
        return cron(file.cron(), file.timeZone() == null ? DEFAULT_JANITOR.timeZone() : file.timeZone(), "janitor");
    }

    private CronSchedule cron(String cron, String timeZone, String field) {
        String expression = required(cron, field + ".cron");
        if (expression != null && !CRON.matcher(expression).matches()) {
            problem(field + ".cron", "'" + expression + "' is not a cron expression of six fields such as cron(0 4 ? * MON *)");
        }
        String zone = required(timeZone, field + ".timeZone");
        if (zone != null && !ZoneId.getAvailableZoneIds().contains(zone)) {
            problem(field + ".timeZone", "'" + zone + "' is not an IANA time zone such as UTC or Europe/Berlin");
        }
        return new CronSchedule(expression, zone);
    }

    private DrillBudgets budgets(ConfigFile.BudgetsFile file) {
        if (file == null) {
            problem("budgets", "is missing; e.g. {\"rto\": \"1h\", \"phases\": {\"verify\": \"10m\"}}");
            return null;
        }
        return budgets(file.rto(), file.rpo(), file.phases() == null ? Map.of() : file.phases(), "budgets");
    }

    /** A source's own budgets: each field it leaves out is the top-level one, and so is each phase it does not name. */
    private DrillBudgets sourceBudgets(ConfigFile.BudgetsFile file, String prefix, DrillBudgets inherited) {
        Map<String, String> phases = new LinkedHashMap<>();
        inherited.phases().forEach((phase, budget) -> phases.put(phase.toLowerCase(Locale.ROOT), budget));
        if (file.phases() != null) {
            file.phases().forEach((phase, budget) -> phases.put(phase.toLowerCase(Locale.ROOT), budget));
        }
        return budgets(file.rto() != null ? file.rto() : inherited.rto(),
                file.rpo() != null ? file.rpo() : inherited.rpo(), phases, prefix);
    }

    /** Budgets as written at {@code prefix} ({@code budgets}, {@code sources[0].budgets}), checked field by field. */
    private DrillBudgets budgets(String rtoText, String rpoText, Map<String, String> phases, String prefix) {
        Duration rto = duration(rtoText, prefix + ".rto");
        boolean valid = rto != null;
        if (rpoText != null) {
            valid &= duration(rpoText, prefix + ".rpo") != null;
        }
        for (Map.Entry<String, String> entry : new LinkedHashMap<>(phases).entrySet()) {
            String field = prefix + ".phases." + entry.getKey();
            Phase phase;
            try {
                phase = Phase.parse(entry.getKey());
            } catch (IllegalArgumentException e) {
                problem(field, e.getMessage());
                valid = false;
                continue;
            }
            if (phase == Phase.PUBLISH) {
                problem(field, "Publish has no budget: it writes the evidence, and a drill's verdict must not change after");
                valid = false;
                continue;
            }
            valid &= duration(entry.getValue(), field) != null;
        }
        if (!valid) {
            return null;
        }
        Budgets parsed = Budgets.parse(rtoText, phases.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList(),
                rpoText, new Budgets.Names(prefix + ".rto", prefix + ".phases.%s", prefix + ".rpo"));
        return new DrillBudgets(rtoText.trim(), rpoText == null ? null : rpoText.trim(), phases, parsed);
    }

    /** Whether a valid TTL is longer than the budgets' RTO; an invalid TTL is already a problem of its own. */
    private static boolean ttlOutlasts(String ttl, DrillBudgets budgets) {
        try {
            return Durations.parse(ttl, "drillTtl").compareTo(budgets.parsed().rto()) > 0;
        } catch (InvalidInputException e) {
            return true;
        }
    }

    private String ttl(String text, DrillBudgets budgets) {
        String ttl = text == null ? DEFAULT_TTL : text.trim();
        Duration parsed = duration(ttl, "drillTtl");
        if (parsed != null && budgets != null && parsed.compareTo(budgets.parsed().rto()) <= 0) {
            problem("drillTtl", "'" + ttl + "' must be longer than budgets.rto (" + budgets.rto() + "): the Janitor removes "
                    + "a drill's resources once its TTL has passed");
        }
        return ttl;
    }

    private VaultLock vaultLock(VaultLockFile file) {
        if (file == null) {
            return new VaultLock(LockMode.COMPLIANCE, DEFAULT_CHANGEABLE_FOR_DAYS, DEFAULT_MIN_RETENTION_DAYS, null);
        }
        LockMode mode = LockMode.COMPLIANCE;
        if (file.mode() != null) {
            try {
                mode = LockMode.valueOf(file.mode().trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problem("vaultLock.mode", "'" + file.mode() + "' is not one of " + names(LockMode.values()));
            }
        }
        Integer changeable = file.changeableForDays();
        if (mode == LockMode.COMPLIANCE) {
            changeable = changeable == null ? DEFAULT_CHANGEABLE_FOR_DAYS : changeable;
            if (changeable < MIN_CHANGEABLE_FOR_DAYS) {
                problem("vaultLock.changeableForDays", changeable + " is below " + MIN_CHANGEABLE_FOR_DAYS + ": AWS Backup "
                        + "gives a compliance-mode lock a grace period of at least 3 days before it becomes permanent");
            }
        } else if (changeable != null) {
            problem("vaultLock.changeableForDays", "applies only to mode COMPLIANCE; a GOVERNANCE lock has no grace period "
                    + "(remove the field, or set mode COMPLIANCE)");
        }
        int min = file.minRetentionDays() == null ? DEFAULT_MIN_RETENTION_DAYS : file.minRetentionDays();
        if (min < 1) {
            problem("vaultLock.minRetentionDays", min + " must be at least 1 day");
        }
        Integer max = file.maxRetentionDays();
        if (max != null && max < min) {
            problem("vaultLock.maxRetentionDays", max + " is below vaultLock.minRetentionDays (" + min + ")");
        }
        return new VaultLock(mode, mode == LockMode.COMPLIANCE ? changeable : null, min, max);
    }

    private Backup backup(BackupFile file, VaultLock lock) {
        Tag tag = DEFAULT_SELECTION_TAG;
        if (file != null && file.selectionTag() != null) {
            String key = required(file.selectionTag().key(), "backup.selectionTag.key");
            String value = required(file.selectionTag().value(), "backup.selectionTag.value");
            if (key != null && DRILL_TAG_KEYS.contains(key)) {
                problem("backup.selectionTag.key", "'" + key + "' is a tag drills put on their own throwaway copies; "
                        + "select the source databases by a tag of their own, e.g. restore-drill:backup");
            }
            tag = new Tag(key, value);
        }
        List<RetentionRule> rules = file == null || file.rules() == null ? DEFAULT_RULES : rules(file.rules());
        for (int i = 0; i < rules.size(); i++) {
            RetentionRule rule = rules.get(i);
            String field = "backup.rules[" + i + "] (" + rule.name() + ").deleteAfterDays";
            if (rule.deleteAfterDays() < lock.minRetentionDays()) {
                problem(field, rule.deleteAfterDays() + " is below vaultLock.minRetentionDays (" + lock.minRetentionDays()
                        + "); the locked vaults would refuse its recovery points");
            }
            if (lock.maxRetentionDays() != null && rule.deleteAfterDays() > lock.maxRetentionDays()) {
                problem(field, rule.deleteAfterDays() + " is above vaultLock.maxRetentionDays (" + lock.maxRetentionDays()
                        + "); the locked vaults would refuse its recovery points");
            }
        }
        return new Backup(tag, rules);
    }

    private List<RetentionRule> rules(List<RuleFile> files) {
        if (files.isEmpty()) {
            problem("backup.rules", "is empty; leave it out for the default daily, weekly, monthly and yearly rules");
        }
        List<RetentionRule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < files.size(); i++) {
            RuleFile file = files.get(i);
            String field = "backup.rules[" + i + "]";
            if (file == null) {
                problem(field, "is null");
                continue;
            }
            String name = required(file.name(), field + ".name");
            if (name != null && !RULE_NAME.matcher(name).matches()) {
                problem(field + ".name", "'" + name + "' must be 1 to 50 letters, digits, '.', '_' or '-'");
            } else if (name != null && !names.add(name)) {
                problem(field + ".name", "'" + name + "' is used by two rules");
            }
            String schedule = required(file.schedule(), field + ".schedule");
            if (schedule != null && !CRON.matcher(schedule).matches()) {
                problem(field + ".schedule", "'" + schedule + "' is not a cron expression of six fields such as cron(0 3 * * ? *)");
            }
            Integer delete = file.deleteAfterDays();
            if (delete == null || delete < 1) {
                problem(field + ".deleteAfterDays", delete == null ? "is missing" : delete + " must be at least 1 day");
                delete = 1;
            }
            Integer cold = file.coldStorageAfterDays();
            if (cold != null && cold < 1) {
                problem(field + ".coldStorageAfterDays", cold + " must be at least 1 day");
            } else if (cold != null && delete < cold + MIN_COLD_STORAGE_DAYS) {
                problem(field + ".coldStorageAfterDays", "recovery points stay in cold storage at least 90 days, so "
                        + "deleteAfterDays (" + delete + ") must be at least coldStorageAfterDays + 90 (" + (cold + 90) + ")");
            }
            rules.add(new RetentionRule(name, schedule, delete, cold));
        }
        return rules;
    }

    private List<String> emails(List<String> emails) {
        if (emails == null || emails.isEmpty()) {
            problem("notifications.emails", "is missing or empty; name at least one address for alarms and drill summaries");
            return List.of();
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < emails.size(); i++) {
            String email = emails.get(i);
            if (email == null || !EMAIL.matcher(email).matches()) {
                problem("notifications.emails[" + i + "]", "'" + email + "' is not an e-mail address");
            } else if (!seen.add(email.toLowerCase(Locale.ROOT))) {
                problem("notifications.emails[" + i + "]", "'" + email + "' is listed twice");
            }
        }
        return emails;
    }

    private String breakGlassRoleName(String name) {
        if (name == null) {
            return DEFAULT_BREAK_GLASS_ROLE_NAME;
        }
        String trimmed = name.trim();
        if (trimmed.contains("/") || trimmed.startsWith("arn:")) {
            problem("keys.breakGlassRoleName", "'" + name + "' must be a role name, not an ARN or a path: the key policies"
                    + " name arn:<partition>:iam::<account>:role/<name>, so create the role at path /");
        } else if (!ROLE_NAME.matcher(trimmed).matches()) {
            problem("keys.breakGlassRoleName", "'" + name + "' is not an IAM role name (1 to 64 letters, digits and"
                    + " + = , . @ _ -)");
        }
        return trimmed;
    }

    private int range(Integer value, int fallback, int min, int max, String field, String why) {
        int actual = value == null ? fallback : value;
        if (actual < min || actual > max) {
            problem(field, actual + " is outside " + min + " to " + max + ": " + why);
        }
        return actual;
    }

    private Duration duration(String text, String field) {
        if (required(text, field) == null) {
            return null;
        }
        try {
            return Durations.parse(text, field);
        } catch (InvalidInputException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    private String region(String value, String field) {
        String region = required(value, field);
        if (region != null && !REGION.matcher(region).matches()) {
            problem(field, "'" + region + "' is not an AWS region such as eu-west-1");
        }
        return region;
    }

    private String required(String value, String field) {
        if (value == null || value.isBlank()) {
            problem(field, "is missing");
            return null;
        }
        return value.trim();
    }

    private void problem(String field, String message) {
        problems.add(field + ": " + message);
    }

    private static String names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).collect(Collectors.joining(", "));
    }
}
