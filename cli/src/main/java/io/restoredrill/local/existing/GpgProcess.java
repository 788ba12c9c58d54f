package io.restoredrill.local.existing;

import io.restoredrill.core.error.BackupUnreadableException;
import io.restoredrill.core.error.DecryptionFailedException;
import io.restoredrill.core.error.DrillException;
import io.restoredrill.core.error.EnvironmentException;
import io.restoredrill.core.error.ToolMissingException;
import io.restoredrill.core.postgres.ProcessRunner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code gpg --decrypt} of one backup, its plaintext read from gpg's output as a stream. gpg writes plaintext
 * before it has checked the message's integrity, so the plaintext counts only once gpg has exited with 0
 * ({@link #finish}). gpg runs in batch mode: a key that needs a passphrase must be unlocked in gpg-agent first.
 */
final class GpgProcess implements AutoCloseable {

    private static final String STDERR_FILE = "gpg-messages.txt";

    private final Process process;
    private final Path stderr;
    private final Optional<Path> home;

    private GpgProcess(Process process, Path stderr, Optional<Path> home) {
        this.process = process;
        this.stderr = stderr;
        this.home = home;
    }

    static GpgProcess start(Path encrypted, Optional<Path> home, Path privateDir) {
        List<String> command = new ArrayList<>(List.of("gpg", "--batch", "--no-tty", "--quiet", "--decrypt"));
        home.ifPresent(dir -> command.addAll(List.of("--homedir", dir.toString())));
        command.add(encrypted.toString());
        Path stderr = privateDir.resolve(STDERR_FILE);
        try {
            Process process = new ProcessBuilder(command).redirectError(stderr.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            return new GpgProcess(process, stderr, home);
        } catch (IOException e) {
            throw new ToolMissingException("The backup is encrypted with gpg, and gpg cannot be started (" + e.getMessage()
                    + "); install it (Debian/Ubuntu: apt-get install -y gnupg).");
        }
    }

    InputStream plaintext() {
        return process.getInputStream();
    }

    /** Waits for gpg and fails unless it decrypted the whole message and found it intact. */
    void finish(String label) {
        int exit = waitFor();
        if (exit != 0) {
            throw refusal(label, exit);
        }
    }

    /** When gpg refused the backup, that is the failure to report rather than what its missing output caused. */
    void failIfRefused(String label, RuntimeException cause) {
        int exit = waitFor();
        if (exit != 0) {
            DrillException refusal = refusal(label, exit);
            refusal.addSuppressed(cause);
            throw refusal;
        }
    }

    private int waitFor() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                ProcessRunner.killTree(process);
                throw new EnvironmentException("gpg did not exit after its output ended; the drill stopped it.");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ProcessRunner.killTree(process);
            throw new EnvironmentException("Interrupted while gpg was decrypting the backup.");
        }
    }

    private DrillException refusal(String label, int exit) {
        String messages = messages();
        String where = home.map(dir -> "the gpg keyring in " + dir).orElse("gpg's default keyring");
        if (messages.contains("No secret key")) {
            return new DecryptionFailedException("No key in " + where + " opens the backup " + label + ": it was"
                    + " encrypted to other keys. Import the secret key the backups are encrypted to, or give its"
                    + " keyring with --gpg-homedir.");
        }
        if (messages.contains("passphrase") || messages.contains("Inappropriate ioctl")) {
            return new DecryptionFailedException("gpg needs a passphrase to open the backup " + label + " and a drill"
                    + " runs it in batch mode; unlock the key in gpg-agent first (gpg-preset-passphrase), or use a key"
                    + " without a passphrase kept for drills.");
        }
        return new BackupUnreadableException("gpg could not decrypt the backup " + label + " (exit " + exit + ": "
                + firstLine(messages) + "): it is truncated or damaged.");
    }

    private String messages() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            return "";
        }
    }

    private static String firstLine(String messages) {
        String line = messages.lines().filter(l -> !l.isBlank()).reduce((first, second) -> second).orElse("no message");
        line = line.replaceFirst("^gpg: ", "");
        return line.length() > 120 ? line.substring(0, 117) + "…" : line;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            ProcessRunner.killTree(process);
        }
        try {
            Files.deleteIfExists(stderr);
        } catch (IOException ignored) {
            // inside the private directory, which the drill removes
        }
    }
}
