package io.restoredrill.core.model;

/** The one-word outcome of a drill. */
public enum Verdict {
    PASSED,
    FAILED
}
