package io.restoredrill.aws.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.restoredrill.aws.drill.RestoreTarget;
import io.restoredrill.aws.drill.RestoreTestJob;
import io.restoredrill.aws.drill.SnapshotMode;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.json.Json;
import io.restoredrill.core.model.Budgets;
import io.restoredrill.core.run.DrillIds;
import io.restoredrill.core.time.Durations;
import io.restoredrill.core.verify.suite.InlineSuites;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads and validates a drill's execution input, filling defaults. Every problem is an
 * {@link InvalidInputException} that names the field and what is expected; nothing is created.
 */
public final class InputParser {

    /**
     * A setting the deployment fixes: where drills restore (the isolated subnet group and the verifier-only
     * security group), the key copies are encrypted with, the vault recovery points come from. The deployed
     * roles and network allow only those, so an input may repeat them but not change them.
     */
    private static <T> T fixedByDeployment(String field, T given, T deployed) {
        if (deployed != null && given != null && !given.equals(deployed)) {
            throw new InvalidInputException("Field '" + field + "' differs from this deployment's (" + deployed + "): drills"
                    + " restore only into the deployment's isolated network, with its key and vault, which are all its"
                    + " functions may use. Leave the field out.");
        }
        return given != null ? given : deployed;
    }

    private static Set<String> setOf(List<String> values) {
        return values == null || values.isEmpty() ? null : Set.copyOf(values);
    }

    private static final ObjectMapper STRICT = Json.mapper().copy()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
    private static final Pattern RDS_IDENTIFIER = Pattern.compile("[a-zA-Z](?:[a-zA-Z0-9]|-(?!-)){0,62}(?<!-)");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
    private static final Pattern SNAPSHOT_ARN = Pattern.compile("arn:aws[a-z-]*:rds:[a-z0-9-]+:\\d{12}:(snapshot|cluster-snapshot):.+");
    private static final Pattern RESTORE_JOB_ID = Pattern.compile("[A-Za-z0-9-]{1,128}");
    private static final Pattern RESTORE_TESTING_PLAN_ARN = Pattern.compile(
            "arn:aws[a-z-]*:backup:[a-z0-9-]+:\\d{12}:restore-testing-plan:[A-Za-z0-9_-]+");
    private static final Pattern RDS_DATABASE_ARN = Pattern.compile(
            "arn:aws[a-z-]*:rds:([a-z0-9-]+):\\d{12}:(?:db|cluster):[a-zA-Z](?:[a-zA-Z0-9]|-(?!-)){0,62}(?<!-)");
    private static final Pattern RECOVERY_POINT_ARN = Pattern.compile("arn:aws[a-z-]*:(?:rds|backup):[a-z0-9-]+:\\d{12}:.+");
    private static final Pattern DRILL_ID = Pattern.compile("[a-z0-9][a-z0-9-]{2,40}");
    private static final Pattern SUITE_KEY = Pattern.compile("[A-Za-z0-9._-][A-Za-z0-9._/-]{0,511}");

    private final DrillDefaults defaults;
    private final Clock clock;

    public InputParser(DrillDefaults defaults, Clock clock) {
        this.defaults = defaults;
        this.clock = clock;
    }

    public DrillRequest parse(String json) {
        if (json == null || json.isBlank()) {
            throw new InvalidInputException("The execution input is empty; it needs at least {\"source\": \"<db identifier>\"}.");
        }
        ExecutionInput input;
        try {
            input = STRICT.readValue(json, ExecutionInput.class);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidInputException("Unknown field '" + path(e) + "' in the execution input; known fields are "
                    + e.getKnownPropertyIds() + ".", e);
        } catch (MismatchedInputException e) {
            throw new InvalidInputException("Field '" + path(e) + "' of the execution input has the wrong type: "
                    + e.getOriginalMessage().lines().findFirst().orElse("") + ".", e);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("The execution input is not valid JSON: "
                    + e.getOriginalMessage().lines().findFirst().orElse("") + ".", e);
        }
        if (input == null) {
            throw new InvalidInputException("The execution input is empty; it needs at least {\"source\": \"<db identifier>\"}.");
        }
        return validate(input);
    }

    private DrillRequest validate(ExecutionInput input) {
        String source = require(input.source(), "source");
        if (!RDS_IDENTIFIER.matcher(source).matches()) {
            throw new InvalidInputException("Field 'source' = '" + source + "' is not an RDS DB instance or cluster identifier.");
        }
        String sourceRegion = region(first(input.sourceRegion(), defaults.sourceRegion()), "sourceRegion");
        String recoveryRegion = region(first(input.recoveryRegion(), defaults.recoveryRegion()), "recoveryRegion");
        if (sourceRegion.equals(recoveryRegion)) {
            throw new InvalidInputException("Fields 'sourceRegion' and 'recoveryRegion' are both " + sourceRegion
                    + "; a drill proves recovery in another region, so name a different recovery region.");
        }
        SnapshotMode mode = mode(input.snapshotMode());
        String snapshotArn = input.snapshotArn();
        if (mode == SnapshotMode.EXISTING && (snapshotArn == null || !SNAPSHOT_ARN.matcher(snapshotArn).matches())) {
            throw new InvalidInputException("snapshotMode EXISTING needs 'snapshotArn', the ARN of an RDS DB or cluster snapshot.");
        }
        RestoreTestJob restoreTest = restoreTest(input, mode, recoveryRegion);
        if (mode != SnapshotMode.EXISTING && snapshotArn != null) {
            throw new InvalidInputException("Field 'snapshotArn' applies only to snapshotMode EXISTING, not " + mode + ".");
        }
        String recoveryVault = fixedByDeployment("recoveryVault", input.recoveryVault(), defaults.recoveryVault());
        if (mode == SnapshotMode.LATEST_RECOVERY_POINT) {
            require(recoveryVault, "recoveryVault");
        }
        if (Boolean.TRUE.equals(input.sourceRegionDown()) && mode != SnapshotMode.NEW && mode != SnapshotMode.PITR
                && input.snapshotMode() != null) {
            throw new InvalidInputException("Field 'sourceRegionDown' restores the newest copy already in the recovery region"
                    + " (or, with snapshotMode PITR, a point in time of the replicated automated backups); it cannot be"
                    + " combined with snapshotMode " + mode + ".");
        }
        Instant restoreTime = restoreTime(input.restoreTime(), mode);
        String database = input.database();
        if (database != null && (database.isBlank() || database.length() > 63)) {
            throw new InvalidInputException("Field 'database' = '" + database + "' is not a PostgreSQL database name.");
        }
        if (Boolean.TRUE.equals(input.sourceRegionDown()) && database == null) {
            // Without the source region nobody can say which database the snapshot holds; verifying the
            // empty default database would pass a drill that checked nothing.
            throw new InvalidInputException("Field 'database' is missing: with 'sourceRegionDown' the source cannot be "
                    + "asked which database to verify; give the source's database name.");
        }
        ExecutionInput.Restore restore = input.restore() == null
                ? new ExecutionInput.Restore(null, null, null, null) : input.restore();
        fixedByDeployment("restore.securityGroupIds", setOf(restore.securityGroupIds()), setOf(defaults.securityGroupIds()));
        RestoreTarget target = new RestoreTarget(
                first(restore.instanceClass(), defaults.instanceClass()),
                require(fixedByDeployment("restore.subnetGroup", restore.subnetGroup(), defaults.subnetGroup()),
                        "restore.subnetGroup"),
                restore.securityGroupIds() != null ? restore.securityGroupIds() : defaults.securityGroupIds(),
                fixedByDeployment("restore.kmsKeyId", restore.kmsKeyId(), defaults.kmsKeyId()));
        if (!target.instanceClass().startsWith("db.")) {
            throw new InvalidInputException("Field 'restore.instanceClass' = '" + target.instanceClass()
                    + "' is not an RDS instance class such as db.t4g.medium.");
        }
        if (target.securityGroupIds().isEmpty()) {
            throw new InvalidInputException("Field 'restore.securityGroupIds' is empty; the restored database needs the "
                    + "security group that admits only the verifier.");
        }
        String suiteKey = input.suiteKey();
        if (suiteKey != null && input.suite() != null && !input.suite().isNull()) {
            throw new InvalidInputException("Fields 'suite' and 'suiteKey' both give a suite; give one of them.");
        }
        if (suiteKey != null && (!SUITE_KEY.matcher(suiteKey).matches() || suiteKey.contains(".."))) {
            throw new InvalidInputException("Field 'suiteKey' = '" + cut(suiteKey) + "' must be the key of a suite"
                    + " file under suites/ in the deployment's bucket, e.g. 'shop-prod/checks.yaml': letters, digits and"
                    + " . _ - / only, at most 512 characters, no leading '/' and no '..'.");
        }
        String drillId = input.drillId() == null ? DrillIds.next(clock) : input.drillId();
        if (!DRILL_ID.matcher(drillId).matches()) {
            throw new InvalidInputException("Field 'drillId' = '" + drillId + "' must be 3 to 41 lower-case letters, digits and hyphens.");
        }
        return new DrillRequest(source, sourceRegion, recoveryRegion, mode, snapshotArn, restoreTime, recoveryVault,
                Boolean.TRUE.equals(input.sourceRegionDown()), target, database, budgets(input.budgets()),
                InlineSuites.validate(input.suite(), "suite"), suiteKey,
                Durations.parse(first(input.ttl(), defaults.ttl()), "ttl"),
                Boolean.TRUE.equals(input.dryRun()), Boolean.TRUE.equals(input.retainSnapshots()),
                Boolean.TRUE.equals(input.keep()), restoreTest, drillId);
    }

    /**
     * A restore test verifies the database an AWS Backup restore job created in the recovery region, where
     * it is: no snapshot, copy or keep of the drill's own (AWS Backup deletes it after the validation window).
     */
    private static RestoreTestJob restoreTest(ExecutionInput input, SnapshotMode mode, String recoveryRegion) {
        ExecutionInput.RestoreTest given = input.restoreTest();
        if (mode != SnapshotMode.RESTORE_TEST) {
            if (given != null) {
                throw new InvalidInputException("Field 'restoreTest' applies only to snapshotMode RESTORE_TEST, not " + mode + ".");
            }
            return null;
        }
        if (given == null) {
            throw new InvalidInputException("snapshotMode RESTORE_TEST needs 'restoreTest': the AWS Backup restore job"
                    + " (restoreJobId, restoreTestingPlanArn, createdResourceArn, recoveryPointArn) the validator was told of.");
        }
        if (Boolean.TRUE.equals(input.sourceRegionDown()) || Boolean.TRUE.equals(input.keep())
                || Boolean.TRUE.equals(input.retainSnapshots())) {
            throw new InvalidInputException("snapshotMode RESTORE_TEST verifies what AWS Backup restored and deletes; it"
                    + " cannot be combined with 'sourceRegionDown', 'keep' or 'retainSnapshots'.");
        }
        String jobId = matching(given.restoreJobId(), RESTORE_JOB_ID, "restoreTest.restoreJobId", "an AWS Backup restore job id");
        String plan = matching(given.restoreTestingPlanArn(), RESTORE_TESTING_PLAN_ARN, "restoreTest.restoreTestingPlanArn",
                "the ARN of an AWS Backup restore testing plan");
        String created = matching(given.createdResourceArn(), RDS_DATABASE_ARN, "restoreTest.createdResourceArn",
                "the ARN of an RDS DB instance or Aurora cluster");
        Matcher region = RDS_DATABASE_ARN.matcher(created);
        if (region.matches() && !region.group(1).equals(recoveryRegion)) {
            throw new InvalidInputException("Field 'restoreTest.createdResourceArn' is in " + region.group(1)
                    + ", not the recovery region " + recoveryRegion + ", where the isolated network and the verifier are.");
        }
        String point = matching(given.recoveryPointArn(), RECOVERY_POINT_ARN, "restoreTest.recoveryPointArn",
                "the ARN of the recovery point the job restored");
        return new RestoreTestJob(jobId, plan, created, point);
    }

    /**
     * A {@code PITR} drill's {@code restoreTime}: ISO-8601 with a zone or offset ({@code 2026-12-06T10:00:00Z}); a time
     * after now cannot have been backed up yet. Whether it lies in the restore window, Plan checks.
     */
    private Instant restoreTime(String text, SnapshotMode mode) {
        if (text == null) {
            return null;
        }
        if (mode != SnapshotMode.PITR) {
            throw new InvalidInputException("Field 'restoreTime' applies only to snapshotMode PITR, not " + mode + ".");
        }
        Instant time;
        try {
            time = OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("Field 'restoreTime' = '" + cut(text) + "' is not an ISO-8601 time with a zone,"
                    + " such as 2026-12-06T10:00:00Z; leave it out to restore to the latest restorable time.", e);
        }
        if (time.isAfter(clock.instant())) {
            throw new InvalidInputException("Field 'restoreTime' = " + time + " is in the future (now is " + clock.instant()
                    + "); give a time the backups already hold, or leave it out for the latest restorable time.");
        }
        return time;
    }

    private static String matching(String value, Pattern pattern, String field, String what) {
        String given = require(value, field);
        if (!pattern.matcher(given).matches()) {
            throw new InvalidInputException("Field '" + field + "' = '" + cut(given) + "' is not " + what + ".");
        }
        return given;
    }

    /** The execution input's budget fields, as its errors name them. */
    private static final Budgets.Names INPUT_BUDGETS = new Budgets.Names("budgets.rto", "budgets.phases.%s", "budgets.rpo");

    private Budgets budgets(ExecutionInput.BudgetsInput budgets) {
        String rto = budgets == null || budgets.rto() == null ? defaults.rto() : budgets.rto();
        Map<String, String> given = budgets != null && budgets.phases() != null ? budgets.phases() : defaults.phaseBudgets();
        List<String> phases = new ArrayList<>();
        for (Map.Entry<String, String> phase : given.entrySet()) {
            phases.add(phase.getKey() + "=" + phase.getValue());
        }
        return Budgets.parse(rto, phases, budgets == null ? null : budgets.rpo(), INPUT_BUDGETS);
    }

    private static SnapshotMode mode(String text) {
        if (text == null) {
            return SnapshotMode.NEW;
        }
        try {
            return SnapshotMode.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("Field 'snapshotMode' = '" + text + "' is not one of "
                    + java.util.Arrays.stream(SnapshotMode.values()).map(Enum::name).collect(Collectors.joining(", ")) + ".");
        }
    }

    private static String region(String value, String field) {
        String region = require(value, field);
        if (!REGION.matcher(region).matches()) {
            throw new InvalidInputException("Field '" + field + "' = '" + region + "' is not an AWS region such as eu-west-1.");
        }
        return region;
    }

    private static String require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException("Field '" + field + "' is missing from the execution input and has no default.");
        }
        return value.trim();
    }

    private static String first(String value, String fallback) {
        return value != null && !value.isBlank() ? value : fallback;
    }

    private static String path(MismatchedInputException e) {
        return e.getPath().stream().map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    /** A value as an error message repeats it: at most its first 60 characters. */
    private static String cut(String value) {
        return value.length() <= 60 ? value : value.substring(0, 60) + "…";
    }
}
