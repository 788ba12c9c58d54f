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
 * A gpg-agent that gpg starts for the drill is stopped when it is done; one that was already running is left alone.
 */
final class GpgProcess implements AutoCloseable {

    private static final String STDERR_FILE = "gpg-messages.txt";

    private final Process process;
    private final Path stderr;
    private final Optional<Path> home;
    /** Whether a gpg-agent served this keyring before the drill; if not, the one gpg starts is stopped at close. */
    private final boolean agentWasRunning;

    private GpgProcess(Process process, Path stderr, Optional<Path> home, boolean agentWasRunning) {
        this.process = process;
        this.stderr = stderr;
        this.home = home;
        this.agentWasRunning = agentWasRunning;
    }

    static GpgProcess start(Path encrypted, Optional<Path> home, Path privateDir) {
        List<String> command = new ArrayList<>(List.of("gpg", "--batch", "--no-tty", "--quiet", "--decrypt"));
        home.ifPresent(dir -> command.addAll(List.of("--homedir", dir.toString())));
        command.add(encrypted.toString());
        Path stderr = privateDir.resolve(STDERR_FILE);
        boolean agentWasRunning = agentRunning(home);
        try {
            Process process = new ProcessBuilder(command).redirectError(stderr.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            return new GpgProcess(process, stderr, home, agentWasRunning);
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

    /** Whether a gpg-agent serves the keyring: its socket is there (an agent removes it when it stops). */
    private static boolean agentRunning(Optional<Path> home) {
        List<String> command = new ArrayList<>(List.of("gpgconf"));
        home.ifPresent(dir -> command.addAll(List.of("--homedir", dir.toString())));
        command.addAll(List.of("--list-dirs", "agent-socket"));
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String socket = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            return !process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0 || socket.isEmpty()
                    || Files.exists(Path.of(socket));
        } catch (IOException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static int gpgconf(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            ProcessRunner.killTree(process);
        }
        if (!agentWasRunning) {
            List<String> kill = new ArrayList<>(List.of("gpgconf"));
            home.ifPresent(dir -> kill.addAll(List.of("--homedir", dir.toString())));
            kill.addAll(List.of("--kill", "gpg-agent"));
            gpgconf(kill);
        }
        try {
            Files.deleteIfExists(stderr);
        } catch (IOException ignored) {
            // inside the private directory, which the drill removes
        }
    }
}
