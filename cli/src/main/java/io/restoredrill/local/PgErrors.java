package io.restoredrill.local;

import io.restoredrill.core.postgres.ProcessResult;

/** Picks the line that explains a PostgreSQL client tool's failure. */
final class PgErrors {

    private PgErrors() {
    }

    static String firstError(ProcessResult result) {
        return result.output().lines()
                .filter(line -> line.contains("error:") || line.contains("FATAL:") || line.contains("ERROR:"))
                .map(String::strip)
                .findFirst()
                .orElse(result.lastLine())
                .replaceFirst("\\.$", "");
    }
}
