package io.restoredrill.local.postgres;

import io.restoredrill.core.postgres.ProcessResult;

/** Picks the line that explains a PostgreSQL client tool's failure. */
public final class PgErrors {

    private PgErrors() {
    }

    /** Exit statuses above this mean the tool was killed by signal (status − 128), as the shell reports it. */
    private static final int SIGNALLED = 128;

    public static String firstError(ProcessResult result) {
        if (result.exitCode() > SIGNALLED && result.output().isBlank()) {
            int signal = result.exitCode() - SIGNALLED;
            return "it was killed by signal " + signal + (signal == 9 ? " (SIGKILL: the out-of-memory killer, or someone)"
                    : signal == 15 ? " (SIGTERM)" : "") + " before it said why";
        }
        return result.reason().replaceFirst("\\.$", "");
    }
}
