package io.restoredrill.core.postgres;

import io.restoredrill.core.error.ToolMissingException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program to completion or to a deadline, keeping only the tail of its output, and kills
 * it with all its children (pg_dump and pg_restore fork workers) when the deadline passes or the
 * calling thread is interrupted. Secrets go to children through the environment, never argv.
 */
public final class ProcessRunner {

    private static final int TAIL_LINES = 40;
    private static final java.util.Set<String> INHERITED = java.util.Set.of("PATH", "HOME", "LANG", "TZ", "TMPDIR",
            "PGPASSFILE", "PGSERVICEFILE", "PGSSLROOTCERT", "PGSSLCERT", "PGSSLKEY", "PGSSLCRL");

    private final List<String> prefix;

    private ProcessRunner(List<String> prefix) {
        this.prefix = List.copyOf(prefix);
    }

    /** Runs programs as the current user. */
    public static ProcessRunner asCurrentUser() {
        return new ProcessRunner(List.of());
    }

    /** Runs programs as another OS user (needs root): {@code runuser -u USER --}. */
    public static ProcessRunner asUser(String user) {
        return new ProcessRunner(List.of("runuser", "-u", user, "--"));
    }

    public ProcessResult run(List<String> command, Map<String, String> environment, Instant deadline) {
        List<String> full = new ArrayList<>(prefix);
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
        inheritOnly(builder.environment());
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ToolMissingException("Cannot run " + full.get(0) + ": " + e.getMessage()
                    + ". Check that it is installed and executable.", e);
        }
        Deque<String> tail = new ArrayDeque<>();
        Thread drainer = new Thread(() -> drain(process, tail), "drain-" + command.get(0));
        drainer.setDaemon(true);
        drainer.start();
        try {
            boolean finished = waitUntil(process, deadline);
            if (!finished) {
                killTree(process);
            }
            drainer.join(Duration.ofSeconds(5).toMillis());
            String output;
            synchronized (tail) {
                output = String.join("\n", tail);
            }
            return new ProcessResult(finished ? process.exitValue() : -1, !finished, output);
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    /**
     * Children get a clean environment: only what locates programs, files and the locale, plus
     * what the caller passes. The drill's own environment may hold the source password
     * (--password-env) or cloud credentials, and a child such as the restored server must not see them.
     */
    static void inheritOnly(Map<String, String> environment) {
        environment.keySet().removeIf(name -> !INHERITED.contains(name) && !name.startsWith("LC_"));
    }

    private static boolean waitUntil(Process process, Instant deadline) throws InterruptedException {
        if (deadline == null) {
            process.waitFor();
            return true;
        }
        long millis = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
        return process.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    private static void drain(Process process, Deque<String> tail) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > TAIL_LINES) {
                        tail.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // The stream closes under us when a process past its deadline is killed: its tail is what we have.
        }
    }

    /** Kills the process and every descendant, children first so none is re-parented and lost. */
    public static void killTree(Process process) {
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
