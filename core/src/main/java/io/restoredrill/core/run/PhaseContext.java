package io.restoredrill.core.run;

import java.time.Instant;

/** What a running phase may know and say about itself. */
public interface PhaseContext {

    /** When the phase must be done (its budget, or the RTO for restore-side phases), or {@code null}. */
    Instant deadline();

    /** Sets the one-sentence summary shown in progress and the report. */
    void detail(String sentence);
}
