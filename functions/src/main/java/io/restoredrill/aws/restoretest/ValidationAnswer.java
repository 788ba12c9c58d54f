package io.restoredrill.aws.restoretest;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.aws.publish.FailureCause;
import io.restoredrill.aws.state.DrillFailure;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.backup.model.RestoreValidationStatus;

/**
 * What a restore test answers AWS Backup, read from wherever the restore-test state machine ended:
 * SUCCESSFUL only for a published PASSED report; FAILED, with the reason and the failed checks, for a
 * failed drill, a report that could not be published, or a Plan that refused the job. The message is
 * cut to {@link #MAX_MESSAGE} characters (the API documents no limit; the console shows a line).
 */
public record ValidationAnswer(RestoreValidationStatus status, String message) {

    static final int MAX_MESSAGE = 1000;

    /** @param state the drill state, or the execution input with {@code failure} when Plan refused it */
    public static ValidationAnswer of(JsonNode state) {
        JsonNode report = state.path("progress").path("report");
        JsonNode publishFailure = state.path("publishFailure");
        if (!publishFailure.isMissingNode() && !publishFailure.isNull()) {
            return failed("Restore Drill could not publish its report: " + cause(publishFailure, "Publish"));
        }
        if (report.isObject()) {
            String where = " Report: s3://" + report.path("bucket").asText() + "/" + report.path("key").asText();
            if ("PASSED".equals(report.path("verdict").asText())) {
                long rows = state.path("progress").path("verification").path("rowsVerified").asLong();
                return new ValidationAnswer(RestoreValidationStatus.SUCCESSFUL,
                        cut("Restore Drill PASSED: " + rows + " rows verified." + where));
            }
            List<String> checks = new ArrayList<>();
            report.path("failedChecks").forEach(check -> checks.add(check.asText()));
            return failed("Restore Drill FAILED: " + report.path("failureReason").asText("no reason recorded")
                    + (checks.isEmpty() ? "" : " Failed checks: " + String.join(", ", checks) + ".") + where);
        }
        JsonNode failure = state.path("failure");
        if (failure.isObject()) {
            return failed("Restore Drill refused to verify this restore job: " + cause(failure, "Plan"));
        }
        return failed("Restore Drill ended without a report and without a recorded failure.");
    }

    private static String cause(JsonNode failure, String phase) {
        return FailureCause.of(new DrillFailure(failure.path("Error").asText(null), failure.path("Cause").asText(null)))
                .sentence(phase);
    }

    private static ValidationAnswer failed(String message) {
        return new ValidationAnswer(RestoreValidationStatus.FAILED, cut(message));
    }

    /** A message as AWS Backup is given it: at most {@link #MAX_MESSAGE} characters, a cut one ending in … */
    static String cut(String message) {
        return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 1) + "…";
    }
}
