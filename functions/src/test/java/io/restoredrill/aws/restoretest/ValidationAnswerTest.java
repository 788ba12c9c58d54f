package io.restoredrill.aws.restoretest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.core.json.Json;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.model.RestoreValidationStatus;

/** What AWS Backup is told, read from each way a restore-test execution can reach AnswerRestoreTest. */
class ValidationAnswerTest {

    @Test
    void onlyAPublishedPassedReportIsSuccessful() throws IOException {
        ValidationAnswer answer = ValidationAnswer.of(state("""
                {"progress": {"verification": {"rowsVerified": 1450},
                 "report": {"bucket": "evidence", "key": "reports/shop-prod/d1.json", "verdict": "PASSED"}}}"""));

        assertThat(answer).isEqualTo(new ValidationAnswer(RestoreValidationStatus.SUCCESSFUL,
                "Restore Drill PASSED: 1450 rows verified. Report: s3://evidence/reports/shop-prod/d1.json"));
    }

    @Test
    void aFailedReportNamesItsReasonAndEveryFailedCheck() throws IOException {
        ValidationAnswer answer = ValidationAnswer.of(state("""
                {"progress": {"report": {"bucket": "evidence", "key": "reports/shop-prod/d2.json", "verdict": "FAILED",
                 "failureReason": "check 'public.orders' failed: 0 rows (and 1 more failed checks)",
                 "failedChecks": ["public.orders", "schema: functions"]}}}"""));

        assertThat(answer.status()).isEqualTo(RestoreValidationStatus.FAILED);
        assertThat(answer.message()).isEqualTo("Restore Drill FAILED: check 'public.orders' failed: 0 rows (and 1 more"
                + " failed checks) Failed checks: public.orders, schema: functions. Report: s3://evidence/reports/shop-prod/d2.json");
    }

    @Test
    void aRefusedPlanAndAFailedPublishAreFailedWithTheirOwnErrorAndMessage() throws IOException {
        ValidationAnswer refused = ValidationAnswer.of(state("""
                {"restoreTest": {"restoreJobId": "j1"}, "failure": {"Error": "io.restoredrill.core.error.UnsafeTargetException",
                 "Cause": "{\\"errorMessage\\": \\"Restore job j1 created x, not y\\", \\"errorType\\": \\"x\\"}"}}"""));
        ValidationAnswer unpublished = ValidationAnswer.of(state("""
                {"progress": {}, "publishFailure": {"Error": "io.restoredrill.core.error.PublishFailedException",
                 "Cause": "the bucket refused"}}"""));

        assertThat(refused).isEqualTo(new ValidationAnswer(RestoreValidationStatus.FAILED,
                "Restore Drill refused to verify this restore job: Plan failed with UnsafeTargetException: Restore job j1"
                        + " created x, not y"));
        assertThat(unpublished).isEqualTo(new ValidationAnswer(RestoreValidationStatus.FAILED,
                "Restore Drill could not publish its report: Publish failed with PublishFailedException: the bucket refused"));
    }

    @Test
    void aLongReasonIsCutToAThousandCharactersEndingInAnEllipsis() throws IOException {
        String reason = "x".repeat(5_000);
        ValidationAnswer answer = ValidationAnswer.of(state("{\"progress\": {\"report\": {\"verdict\": \"FAILED\","
                + " \"failureReason\": \"" + reason + "\"}}}"));

        assertThat(answer.message()).hasSize(ValidationAnswer.MAX_MESSAGE).startsWith("Restore Drill FAILED: xxx").endsWith("x…");
    }

    @Test
    void aStateWithNeitherReportNorFailureIsStillAnsweredFailed() throws IOException {
        assertThat(ValidationAnswer.of(state("{\"restoreTest\": {\"restoreJobId\": \"j1\"}}")).status())
                .isEqualTo(RestoreValidationStatus.FAILED);
    }

    private static JsonNode state(String json) throws IOException {
        return Json.mapper().readTree(json);
    }
}
