package io.restoredrill.core.postgres;

import java.util.List;

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
    /**
     * The line that says why a tool failed: the first that reports an error ("error:", "FATAL:",
     * "ERROR:"), else the first that names a cause ("could not", "No space left"), else the last
     * line. Tools often end with a line about their own cleanup ("removing contents of data
     * directory"), which explains nothing.
     */
    public String reason() {
        List<String> lines = output.lines().map(String::strip).toList();
        return lines.stream().filter(l -> l.contains("error:") || l.contains("FATAL:") || l.contains("ERROR:")).findFirst()
                .or(() -> lines.stream().filter(l -> l.contains("could not") || l.contains("No space left")).findFirst())
                .orElse(lastLine());
    }

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
