package io.restoredrill.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restoredrill.core.error.RestoreFailedException;
import io.restoredrill.core.model.Budgets;
import io.restoredrill.core.model.Phase;
import io.restoredrill.core.model.PhaseResult;
import io.restoredrill.core.model.PhaseStatus;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhaseRecorderTest {

    private static final List<Phase> EXISTING_BACKUP = List.of(Phase.PLAN, Phase.DOWNLOAD, Phase.DECRYPT, Phase.RESTORE,
            Phase.VERIFY, Phase.CLEANUP, Phase.PUBLISH);

    @Test
    void afterAFailureThePhasesUpToCleanupThatNeverRanAreNotRunWithTheSharedReason() {
        // GIVEN a drill whose Decrypt failed
        PhaseRecorder recorder = new PhaseRecorder(Budgets.defaults(), Clock.systemUTC(), ProgressListener.SILENT);
        recorder.run(Phase.PLAN, context -> { });
        recorder.run(Phase.DOWNLOAD, context -> { });
        assertThatThrownBy(() -> recorder.run(Phase.DECRYPT, context -> {
            throw new RestoreFailedException("damaged");
        })).isInstanceOf(RestoreFailedException.class);

        // WHEN the rule is applied
        recorder.notRunAfterFailure(EXISTING_BACKUP);

        // THEN Restore and Verify are NOT_RUN, in order; the failed phase keeps its result; Cleanup and Publish are left
        assertThat(recorder.results()).extracting(PhaseResult::phase)
                .containsExactly(Phase.PLAN, Phase.DOWNLOAD, Phase.DECRYPT, Phase.RESTORE, Phase.VERIFY);
        assertThat(recorder.results().subList(3, 5)).allSatisfy(result -> {
            assertThat(result.status()).isEqualTo(PhaseStatus.NOT_RUN);
            assertThat(result.detail()).isEqualTo(PhaseRecorder.NOT_RUN_AFTER_FAILURE);
        });
        assertThat(recorder.results().get(2).status()).isEqualTo(PhaseStatus.FAILED);
    }

    @Test
    void withoutPlanNothingIsMarked() {
        PhaseRecorder recorder = new PhaseRecorder(Budgets.defaults(), Clock.systemUTC(), ProgressListener.SILENT);

        recorder.notRunAfterFailure(EXISTING_BACKUP);

        assertThat(recorder.results()).isEmpty();
    }
}
