package io.restoredrill.local.log;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of checking the drill log's hash chain and, where they still exist, its reports.
 *
 * @param log        the JSONL file checked
 * @param entries    lines that hold an entry
 * @param headSha256 SHA-256 of the last line's bytes, to record elsewhere; {@code null} for an empty log
 * @param problems   tampering or damage; any one fails verification
 * @param warnings   things that do not fail verification, such as archived reports
 */
public record LogVerification(
        Path log,
        boolean ok,
        int entries,
        String headSha256,
        List<LogProblem> problems,
        List<LogProblem> warnings) {

    public LogVerification {
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
        if (ok != problems.isEmpty()) {
            throw new IllegalArgumentException("ok must be true exactly when there are no problems");
        }
    }

    static LogVerification of(Path log, int entries, String headSha256, List<LogProblem> problems,
                              List<LogProblem> warnings) {
        return new LogVerification(log, problems.isEmpty(), entries, headSha256, problems, warnings);
    }

    public boolean empty() {
        return headSha256 == null;
    }

    /** One sentence for people, e.g. the first line of {@code drill log verify}. */
    public String summary() {
        if (!ok) {
            return "The drill log " + log + " FAILS verification: " + problems.size() + " problem(s) in "
                    + entries + " entries, the first being " + problems.get(0) + ".";
        }
        if (empty()) {
            return "The drill log " + log + " has no entries yet (missing or empty file), so there is nothing to verify.";
        }
        return "The drill log " + log + " is intact: " + entries + (entries == 1 ? " entry" : " entries") + ", head hash " + headSha256
                + (warnings.isEmpty() ? "." : ", " + warnings.size() + " warning(s).");
    }
}
