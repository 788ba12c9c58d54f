package io.restoredrill.local.backup;

import io.restoredrill.core.error.CopyFailedException;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.error.ToolMissingException;
import io.restoredrill.local.crypto.AgeEncryption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * How {@code drill backup} encrypts a dump and its manifest: to age recipients (the standard), else to gpg recipients
 * with the real {@code gpg} and its keyring, else (only when asked for) not at all.
 */
public record BackupEncryption(List<String> ageRecipients, List<String> gpgRecipients, Optional<Path> gpgHome) {

    public BackupEncryption {
        ageRecipients = List.copyOf(ageRecipients);
        gpgRecipients = List.copyOf(gpgRecipients);
        if (!ageRecipients.isEmpty() && !gpgRecipients.isEmpty()) {
            throw new InvalidInputException("--encrypt-to (age) and --gpg-recipient (gpg) cannot both be given: a backup"
                    + " is encrypted one way; use age, and gpg only where age cannot be had.");
        }
    }

    /** {@code age}, {@code gpg} or {@code none}, as the manifest records it. */
    public String name() {
        return !ageRecipients.isEmpty() ? "age" : !gpgRecipients.isEmpty() ? "gpg" : "none";
    }

    /** The suffix of an encrypted file: {@code .age}, {@code .gpg} or nothing. */
    public String suffix() {
        return !ageRecipients.isEmpty() ? ".age" : !gpgRecipients.isEmpty() ? ".gpg" : "";
    }

    /** Checks the keys before anything is dumped: age recipients parse, gpg knows every recipient's public key. */
    public void requireUsable() {
        if (!ageRecipients.isEmpty()) {
            AgeEncryption.requireRecipients(ageRecipients);
        }
        for (String recipient : gpgRecipients) {
            List<String> command = gpg();
            command.addAll(List.of("--list-keys", "--with-colons", recipient));
            Result listed = run(command);
            if (listed.exit() != 0) {
                throw new InvalidInputException("--gpg-recipient " + recipient + " has no public key in "
                        + gpgHome.map(home -> "the keyring in " + home).orElse("gpg's default keyring")
                        + "; import it (gpg --import) or give the keyring with --gpg-homedir.");
            }
        }
    }

    /**
     * Writes {@code target}, the encryption of {@code source}.
     *
     * @return the file to store: {@code target}, or {@code source} itself when there are no recipients
     */
    public Path encrypt(Path source, Path target) {
        if (!ageRecipients.isEmpty()) {
            AgeEncryption.encryptFile(source, target, ageRecipients);
            return target;
        }
        if (gpgRecipients.isEmpty()) {
            return source;
        }
        List<String> command = gpg();
        command.addAll(List.of("--trust-model", "always", "--output", target.toString()));
        gpgRecipients.forEach(recipient -> command.addAll(List.of("--recipient", recipient)));
        command.addAll(List.of("--encrypt", source.toString()));
        Result result = run(command);
        if (result.exit() != 0) {
            try {
                Files.deleteIfExists(target);
            } catch (IOException e) {
                // the backup's private directory is removed with whatever is in it
            }
            throw new CopyFailedException("gpg could not encrypt the backup (exit " + result.exit() + ": "
                    + result.firstLine() + ").");
        }
        return target;
    }

    private List<String> gpg() {
        List<String> command = new ArrayList<>(List.of("gpg", "--batch", "--no-tty", "--quiet"));
        gpgHome.ifPresent(home -> command.addAll(List.of("--homedir", home.toString())));
        return command;
    }

    private record Result(int exit, String messages) {
        String firstLine() {
            return messages.lines().filter(line -> !line.isBlank()).findFirst().orElse("no message");
        }
    }

    private static Result run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new Result(-1, "gpg did not finish in 10 minutes");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new ToolMissingException("gpg cannot be started (" + e.getMessage() + "); install it (Debian/Ubuntu:"
                    + " apt-get install -y gnupg) or encrypt to age recipients with --encrypt-to.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CopyFailedException("Interrupted while gpg was encrypting the backup.", e);
        }
    }
}
