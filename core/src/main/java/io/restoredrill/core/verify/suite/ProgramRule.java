package io.restoredrill.core.verify.suite;

import java.time.Duration;
import java.util.List;

/**
 * A suite's application-level check: the team's own program, run against the restored copy. Its exit code decides.
 *
 * @param name    the check's name in the report
 * @param command the program and its arguments; a relative path with a {@code /} is already resolved against the
 *                suite file's directory
 * @param timeout how long it may run before it is stopped and fails
 */
public record ProgramRule(String name, List<String> command, Duration timeout) {

    public ProgramRule {
        command = List.copyOf(command);
    }
}
