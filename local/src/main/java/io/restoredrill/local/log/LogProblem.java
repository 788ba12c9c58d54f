package io.restoredrill.local.log;

/**
 * Something wrong with one line of the drill log.
 *
 * @param line    1-based line number in {@code drill-log.jsonl}
 * @param message one sentence saying what is wrong and what it suggests
 */
public record LogProblem(int line, Kind kind, String message) {

    public enum Kind {
        UNPARSEABLE(false),
        NOT_TERMINATED(false),
        ENTRY_HASH_MISMATCH(false),
        PREV_HASH_MISMATCH(false),
        SEQ_OUT_OF_ORDER(false),
        REPORT_HASH_MISMATCH(false),
        REPORT_MISSING(true),
        REPORT_UNREADABLE(true);

        private final boolean warning;

        Kind(boolean warning) {
            this.warning = warning;
        }

        /** Warnings are reported but do not fail verification. */
        public boolean warning() {
            return warning;
        }
    }

    @Override
    public String toString() {
        return "line " + line + ": " + message;
    }
}
