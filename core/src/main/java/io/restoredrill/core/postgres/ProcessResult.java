package io.restoredrill.core.postgres;

/**
 * How a child process ended.
 *
 * @param output the last lines of its combined stdout and stderr, for error messages
 */
public record ProcessResult(int exitCode, boolean timedOut, String output) {

    public boolean succeeded() {
        return exitCode == 0 && !timedOut;
    }

    /** The last non-blank line of output: usually the one that says what went wrong. */
    public String lastLine() {
        String[] lines = output.strip().split("\\R");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank()) {
                return lines[i].strip();
            }
        }
        return "(no output)";
    }
}
