package io.restoredrill.core.run;

import io.restoredrill.core.model.Phase;
import io.restoredrill.core.model.PhaseResult;
import java.time.Duration;

/** Hears each phase start and end, to show progress to people. */
public interface ProgressListener {

    void phaseStarted(Phase phase, Duration budget);

    void phaseFinished(PhaseResult result);

    /** A remark outside any phase, such as preparing the demo source. */
    default void note(String message) {
    }

    ProgressListener SILENT = new ProgressListener() {
        @Override
        public void phaseStarted(Phase phase, Duration budget) {
        }

        @Override
        public void phaseFinished(PhaseResult result) {
        }
    };
}
