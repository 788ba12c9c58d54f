package io.restoredrill.local.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restoredrill.core.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Manifest signatures interoperate with the real openssl both ways, and every bad key file is named. */
class ManifestSignatureTest {

    private static final byte[] MANIFEST = "{\"format\":\"restore-drill-backup-manifest/1\"}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path keys;

    @BeforeAll
    static void makeKeys() throws Exception {
        openssl("genpkey", "-algorithm", "ed25519", "-out", keys.resolve("signing.pem").toString());
        openssl("pkey", "-in", keys.resolve("signing.pem").toString(), "-pubout", "-out", keys.resolve("signing.pub").toString());
        openssl("genpkey", "-algorithm", "ed25519", "-out", keys.resolve("other.pem").toString());
        openssl("pkey", "-in", keys.resolve("other.pem").toString(), "-pubout", "-out", keys.resolve("other.pub").toString());
    }

    @Test
    void aSignatureVerifiesOnlyForTheExactBytesAndTheMatchingKey() {
        PrivateKey key = ManifestSignature.signingKey(keys.resolve("signing.pem"), "--signing-key");
        byte[] signature = ManifestSignature.sign(MANIFEST, key);

        assertThat(ManifestSignature.verifies(MANIFEST, signature, publicKey("signing.pub"))).isTrue();
        byte[] edited = MANIFEST.clone();
        edited[5] ^= 1;
        assertThat(ManifestSignature.verifies(edited, signature, publicKey("signing.pub"))).isFalse();
        assertThat(ManifestSignature.verifies(MANIFEST, signature, publicKey("other.pub"))).isFalse();
        assertThat(ManifestSignature.verifies(MANIFEST, new byte[3], publicKey("signing.pub"))).isFalse();
    }

    @Test
    void opensslVerifiesOurSignaturesAndWeVerifyOpensslsSignatures() throws Exception {
        // GIVEN a manifest file signed by us, and the same file signed by openssl
        Path manifest = Files.write(keys.resolve("manifest.json"), MANIFEST);
        Path ours = Files.write(keys.resolve("ours.sig"),
                ManifestSignature.sign(MANIFEST, ManifestSignature.signingKey(keys.resolve("signing.pem"), "--signing-key")));
        Path theirs = keys.resolve("theirs.sig");
        openssl("pkeyutl", "-sign", "-inkey", keys.resolve("signing.pem").toString(), "-rawin", "-in", manifest.toString(),
                "-out", theirs.toString());

        // THEN each side accepts the other's
        assertThat(run("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", keys.resolve("signing.pub").toString(), "-rawin",
                "-in", manifest.toString(), "-sigfile", ours.toString())).isZero();
        assertThat(ManifestSignature.verifies(MANIFEST, Files.readAllBytes(theirs), publicKey("signing.pub"))).isTrue();
    }

    @Test
    void badKeyFilesAreNamedWithHowToMakeOne() throws Exception {
        Path rsa = keys.resolve("rsa.pem");
        openssl("genpkey", "-algorithm", "rsa", "-pkeyopt", "rsa_keygen_bits:1024", "-out", rsa.toString());
        Path locked = keys.resolve("locked.pem");
        openssl("genpkey", "-algorithm", "ed25519", "-aes256", "-pass", "pass:secret", "-out", locked.toString());
        Path text = Files.writeString(keys.resolve("notes.txt"), "not a key");

        assertThatThrownBy(() -> ManifestSignature.signingKey(rsa, "--signing-key")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is not an Ed25519 private key").hasMessageContaining("openssl genpkey -algorithm ed25519");
        assertThatThrownBy(() -> ManifestSignature.signingKey(locked, "--signing-key")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("protected by a passphrase");
        assertThatThrownBy(() -> ManifestSignature.signingKey(text, "--signing-key")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("holds no PEM 'PRIVATE KEY' block");
        assertThatThrownBy(() -> ManifestSignature.verifyingKey(keys.resolve("signing.pem"), "--manifest-key"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("--manifest-key")
                .hasMessageContaining("holds no PEM 'PUBLIC KEY' block");
        assertThatThrownBy(() -> ManifestSignature.verifyingKey(keys.resolve("missing.pub"), "--manifest-key"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("cannot be read");
    }

    private static PublicKey publicKey(String name) {
        return ManifestSignature.verifyingKey(keys.resolve(name), "--manifest-key");
    }

    private static void openssl(String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        assertThat(run(command.toArray(String[]::new))).as(String.join(" ", command)).isZero();
    }

    private static int run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
        return process.exitValue();
    }
}
