package io.restoredrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A GnuPG home directory with one key pair without a passphrase, made by the real gpg. */
final class GpgKeyring {

    private GpgKeyring() {
    }

    /** Creates the keyring in {@code home} for {@code email}; the shell command to encrypt to it is {@link #encryptTo}. */
    static Path create(Path home, String email) throws IOException, InterruptedException {
        Files.createDirectories(home, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Process gpg = new ProcessBuilder(List.of("gpg", "--homedir", home.toString(), "--batch", "--passphrase", "",
                "--quick-gen-key", "Drill test <" + email + ">", "default", "default", "never"))
                .redirectErrorStream(true).start();
        String output = new String(gpg.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(gpg.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(gpg.exitValue()).as("gpg (apt-get install -y gnupg): " + output).isZero();
        return home;
    }

    /** The shell pipeline stage that encrypts to the key of {@code home}. */
    static String encryptTo(Path home, String email) {
        return "| gpg --homedir '" + home + "' --batch --trust-model always --encrypt --recipient " + email;
    }

    /** Stops the gpg-agent the keyring's use started. */
    static void stopAgent(Path home) throws IOException, InterruptedException {
        new ProcessBuilder("gpgconf", "--homedir", home.toString(), "--kill", "gpg-agent").start().waitFor(30, TimeUnit.SECONDS);
    }

    static void startAgent(Path home) throws IOException, InterruptedException {
        new ProcessBuilder("gpg-connect-agent", "--homedir", home.toString(), "/bye").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
    }

    /** How many gpg-agent processes serve the keyring in {@code home}. */
    static long agentsOf(Path home) throws InterruptedException {
        Thread.sleep(300); // an agent told to stop takes a moment to exit
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .map(line -> line.contains("gpg-agent") && line.contains("--homedir " + home + " ")).orElse(false)).count();
    }
}
