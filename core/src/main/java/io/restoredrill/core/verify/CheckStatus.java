package io.restoredrill.core.verify;

/**
 * How a verification check ended. {@code ERROR} means the check could not run (timeout, SQL error)
 * and fails the drill like {@code FAILED}; {@code SKIPPED} means it does not apply here, and the
 * result's detail says why (for example, amcheck cannot be installed).
 */
public enum CheckStatus {
    PASSED,
    FAILED,
    ERROR,
    SKIPPED;

    public boolean failsDrill() {
        return this == FAILED || this == ERROR;
    }
}
