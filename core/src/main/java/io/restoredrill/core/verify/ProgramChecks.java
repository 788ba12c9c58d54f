package io.restoredrill.core.verify;

import io.restoredrill.core.error.ToolMissingException;
import io.restoredrill.core.postgres.ProcessResult;
import io.restoredrill.core.postgres.ProcessRunner;
import io.restoredrill.core.time.Durations;
import io.restoredrill.core.verify.suite.ProgramRule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a suite's programs against the restored copy, one after another. Each gets the connection the libpq way
 * ({@code PGHOST}, {@code PGPORT}, {@code PGDATABASE}, {@code PGUSER}, {@code PGPASSWORD}) in an otherwise clean
 * environment; exit 0 passes. The report keeps the end of its output, cut short and with the password blanked.
 */
public final class ProgramChecks {

    /** How much of a program's output the report keeps: its last lines, at most this many characters. */
    static final int OUTPUT_CHARACTERS = 600;
    private static final int OUTPUT_LINES = 10;
    private static final String BLANKED = "********";

    private ProgramChecks() {
    }

    /**
     * @param copy the restored copy's libpq environment: {@code PGHOST}, {@code PGPORT}, {@code PGDATABASE},
     *             {@code PGUSER} and {@code PGPASSWORD}, which is blanked in what the report keeps
     */
    public static List<CheckResult> run(List<ProgramRule> programs, Map<String, String> copy, Instant deadline) {
        List<CheckResult> results = new ArrayList<>();
        for (ProgramRule program : programs) {
            results.add(run(program, copy, deadline));
        }
        return results;
    }

    private static CheckResult run(ProgramRule program, Map<String, String> copy, Instant deadline) {
        long started = System.nanoTime();
        Instant now = Instant.now();
        Instant own = now.plus(program.timeout());
        Instant stopAt = deadline != null && deadline.isBefore(own) ? deadline : own;
        ProcessResult result;
        try {
            result = ProcessRunner.asCurrentUser().run(program.command(), copy, stopAt);
        } catch (ToolMissingException e) {
            return new CheckResult(program.name(), CheckKind.PROGRAM, CheckStatus.ERROR, null, "exit 0", elapsed(started),
                    "The program " + program.command().get(0) + " cannot be started; check the suite's command.");
        }
        Duration took = elapsed(started);
        String output = output(result.output(), copy.get("PGPASSWORD"));
        if (result.timedOut()) {
            return new CheckResult(program.name(), CheckKind.PROGRAM, CheckStatus.FAILED, "stopped", "exit 0", took,
                    "It did not finish within " + Durations.format(Duration.between(now, stopAt))
                            + " and was stopped" + output);
        }
        boolean passed = result.exitCode() == 0;
        return new CheckResult(program.name(), CheckKind.PROGRAM, passed ? CheckStatus.PASSED : CheckStatus.FAILED,
                "exit " + result.exitCode(), "exit 0", took,
                (passed ? "It exited with 0" : "It exited with " + result.exitCode()) + output);
    }

    /** The end of the output, the password blanked wherever it appears, as ". Output: …" or "." when there is none. */
    static String output(String raw, String password) {
        String text = raw == null ? "" : raw.strip();
        if (password != null && !password.isEmpty()) {
            text = text.replace(password, BLANKED);
        }
        if (text.isEmpty()) {
            return ".";
        }
        List<String> lines = text.lines().toList();
        String tail = String.join(" | ", lines.subList(Math.max(0, lines.size() - OUTPUT_LINES), lines.size()));
        if (tail.length() > OUTPUT_CHARACTERS) {
            tail = "…" + tail.substring(tail.length() - OUTPUT_CHARACTERS + 1);
        }
        return ". Output: " + tail;
    }

    private static Duration elapsed(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
