package io.restoredrill.core.model;

/** How a phase ended. {@code NOT_RUN} marks phases skipped because an earlier phase failed. */
public enum PhaseStatus {
    PASSED,
    FAILED,
    NOT_RUN
}
