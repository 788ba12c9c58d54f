package io.restoredrill.local.crypto;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The standard age command line tools (Debian package {@code age}), run as child processes. */
final class AgeCli {

    private static final String INSTALL = "the age command line tool is not installed: apt-get install -y age";

    private AgeCli() {
    }

    /** Fails the calling test, never skips it, when age or age-keygen is missing. */
    static void require() {
        for (String tool : List.of("age", "age-keygen")) {
            try {
                run(List.of(tool, "--version"));
            } catch (IOException | AssertionError e) {
                fail(INSTALL + " (" + tool + " could not be run: " + e.getMessage() + ")", e);
            }
        }
    }

    /** Runs {@code age-keygen -o file} and returns the public key ({@code age1…}). */
    static String keygen(Path identityFile) throws IOException {
        run(List.of("age-keygen", "-o", identityFile.toString()));
        return run(List.of("age-keygen", "-y", identityFile.toString())).trim();
    }

    static void encrypt(String recipient, Path plain, Path encrypted) throws IOException {
        run(List.of("age", "-e", "-r", recipient, "-o", encrypted.toString(), plain.toString()));
    }

    /** Runs {@code age -d -i identity encrypted > plain}; age itself creates no output file for an empty plaintext. */
    static void decrypt(Path identityFile, Path encrypted, Path plain) throws IOException {
        run(List.of("age", "-d", "-i", identityFile.toString(), encrypted.toString()), plain);
    }

    private static String run(List<String> command) throws IOException {
        return run(command, null);
    }

    /** @param stdout where standard output goes; {@code null} to return it with standard error */
    private static String run(List<String> command, Path stdout) throws IOException {
        Path log = Files.createTempFile("age-cli", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectError(log.toFile());
            builder.redirectOutput(stdout == null ? log.toFile() : stdout.toFile());
            if (stdout == null) {
                builder.redirectErrorStream(true);
            }
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(command.get(0) + " did not finish within 60 s");
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                fail(String.join(" ", command.subList(0, 2)) + " exited with " + process.exitValue() + ": " + output);
            }
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
