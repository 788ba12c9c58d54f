package io.restoredrill.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code drill} as a separate JVM through its real main method, so tests see the real exit
 * code, the real environment handling (--password-env) and the real shutdown behaviour.
 */
final class DrillProcess {

    record Result(int exitCode, String stdout, String stderr) {

        String lastLine() {
            List<String> lines = stdout.strip().lines().toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }

        String all() {
            return stdout + "\n" + stderr;
        }
    }

    private DrillProcess() {
    }

    static Result run(Map<String, String> environment, String... args) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                DrillCommand.class.getName()));
        command.addAll(List.of(args));
        try {
            Path stdout = Files.createTempFile("drill-out", ".txt");
            Path stderr = Files.createTempFile("drill-err", ".txt");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
                builder.environment().putAll(environment);
                Process process = builder.start();
                if (!process.waitFor(10, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new AssertionError("drill " + String.join(" ", args) + " did not finish in 10 minutes");
                }
                return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                        Files.readString(stderr, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(stdout);
                Files.deleteIfExists(stderr);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static Result run(String... args) {
        return run(Map.of(), args);
    }
}
