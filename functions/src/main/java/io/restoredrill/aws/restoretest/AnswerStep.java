package io.restoredrill.aws.restoretest;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.core.error.InvalidInputException;
import java.util.function.Function;
import software.amazon.awssdk.services.backup.BackupClient;

/**
 * AnswerRestoreTest: tells AWS Backup how its restore job's validation ended, with
 * PutRestoreValidationResult ({@link ValidationAnswer}). The restore-test state machine runs it on every
 * path that ends a drill, so a restore test never stays VALIDATING in silence.
 */
public final class AnswerStep {

    private final Function<String, BackupClient> backupInRegion;

    public AnswerStep(Function<String, BackupClient> backupInRegion) {
        this.backupInRegion = backupInRegion;
    }

    /** @return what was answered */
    public ValidationAnswer answer(JsonNode state) {
        String jobId = state.path("restoreTest").path("restoreJobId").asText("");
        String created = state.path("restoreTest").path("createdResourceArn").asText("");
        String[] arn = created.split(":");
        if (jobId.isBlank() || arn.length < 7) {
            throw new InvalidInputException("The state has no restoreTest.restoreJobId and createdResourceArn: only the"
                    + " restore-test state machine answers AWS Backup, for the restore job its validator started it for.");
        }
        ValidationAnswer answer = ValidationAnswer.of(state);
        backupInRegion.apply(arn[3]).putRestoreValidationResult(r -> r.restoreJobId(jobId)
                .validationStatus(answer.status()).validationStatusMessage(answer.message()));
        return answer;
    }
}
