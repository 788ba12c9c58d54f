package io.restoredrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Ed25519 key pairs made by the real openssl, as docs/backup.md tells a user to make them. */
final class SigningKeys {

    record Pair(Path privateKey, Path publicKey) {
    }

    private SigningKeys() {
    }

    static Pair generate(Path dir, String name) throws IOException, InterruptedException {
        Path privateKey = dir.resolve(name + ".pem");
        Path publicKey = dir.resolve(name + ".pub");
        openssl(List.of("openssl", "genpkey", "-algorithm", "ed25519", "-out", privateKey.toString()));
        openssl(List.of("openssl", "pkey", "-in", privateKey.toString(), "-pubout", "-out", publicKey.toString()));
        return new Pair(privateKey, publicKey);
    }

    /** Whether openssl itself accepts {@code signature} as {@code publicKey}'s signature of {@code file}. */
    static boolean opensslVerifies(Path publicKey, Path file, Path signature) throws IOException, InterruptedException {
        return run(List.of("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", publicKey.toString(), "-rawin",
                "-in", file.toString(), "-sigfile", signature.toString())) == 0;
    }

    private static void openssl(List<String> command) throws IOException, InterruptedException {
        assertThat(run(command)).as(String.join(" ", command) + " (apt-get install -y openssl)").isZero();
    }

    private static int run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).as(output).isTrue();
        return process.exitValue();
    }
}
