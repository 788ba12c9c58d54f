package io.restoredrill.local.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restoredrill.core.error.DecryptionFailedException;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.local.snapshot.Manifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgeEncryptionTest {

    private static final int CHUNK = 64 * 1024;

    @TempDir
    Path work;

    @Test
    void roundTripRestoresEveryFileByteForByte() throws Exception {
        // GIVEN a dump with an empty file, files on and around the 64 KiB chunk boundary, and a subdirectory
        Path plain = dump();
        AgeKeys keys = AgeKeys.generate(work.resolve("key.txt"));

        // WHEN it is encrypted and decrypted again
        Path encrypted = work.resolve("encrypted");
        AgeEncryption.encryptDirectory(plain, encrypted, List.of(keys.recipient()));
        Path restored = work.resolve("restored");
        AgeEncryption.decryptDirectory(encrypted, restored, keys.identityFile());

        // THEN every file is back, unchanged, and the encrypted copies are binary age files without plaintext
        assertThat(restored).isDirectoryRecursivelyContaining("glob:**/sub/nested.dat");
        for (String file : List.of("toc.dat", "empty.dat", "chunk.dat", "chunk-plus-one.dat", "big.dat",
                "sub/nested.dat")) {
            assertThat(restored.resolve(file)).hasSameBinaryContentAs(plain.resolve(file));
            byte[] ciphertext = Files.readAllBytes(encrypted.resolve(file + ".age"));
            assertThat(new String(ciphertext, 0, 22, StandardCharsets.US_ASCII)).isEqualTo("age-encryption.org/v1\n");
        }
        assertThat(Files.readString(encrypted.resolve("toc.dat.age"), StandardCharsets.ISO_8859_1))
                .doesNotContain("CREATE TABLE");
    }

    @Test
    void manifestsOnBothSidesOfTheEncryptionVerify() throws Exception {
        // GIVEN a dump with its manifest, encrypted, and a manifest of the encrypted files next to them
        Path plain = dump();
        Manifest.create(plain).write(plain);
        AgeKeys keys = AgeKeys.generate(work.resolve("key.txt"));
        Path encrypted = work.resolve("encrypted");
        AgeEncryption.encryptDirectory(plain, encrypted, List.of(keys.recipient()));
        Manifest.create(encrypted).write(encrypted);

        // WHEN the encrypted copy is checked without any key and then decrypted
        Manifest.read(encrypted).verify(encrypted);
        Path restored = work.resolve("restored");
        AgeEncryption.decryptDirectory(encrypted, restored, keys.identityFile());

        // THEN the decrypted copy carries the original manifest, which verifies, and not the encrypted one
        assertThat(Manifest.read(restored)).isEqualTo(Manifest.read(plain));
        Manifest.read(restored).verify(restored);
    }

    @Test
    void anyOfSeveralRecipientsCanDecryptAndIdentityFilesMayHoldSeveralKeys() throws Exception {
        // GIVEN a dump encrypted to two recipients
        Path plain = dump();
        AgeKeys first = AgeKeys.generate(work.resolve("first.txt"));
        AgeKeys second = AgeKeys.generate(work.resolve("second.txt"));
        AgeKeys unrelated = AgeKeys.generate(work.resolve("unrelated.txt"));
        Path encrypted = work.resolve("encrypted");
        AgeEncryption.encryptDirectory(plain, encrypted, List.of(first.recipient(), second.recipient()));

        // WHEN it is decrypted with an identity file that holds an unrelated key, comments, and the second key
        Path identities = work.resolve("identities.txt");
        Files.writeString(identities, "# unrelated\n" + unrelated.secretKey() + "\n\n  # second\n"
                + second.secretKey() + "\n");
        Path restored = work.resolve("restored");
        AgeEncryption.decryptDirectory(encrypted, restored, identities);

        // THEN the files come back
        assertThat(restored.resolve("big.dat")).hasSameBinaryContentAs(plain.resolve("big.dat"));
    }

    @Test
    void theWrongIdentityFailsWithoutRevealingIt() throws Exception {
        // GIVEN a dump encrypted to one key
        Path plain = dump();
        AgeKeys owner = AgeKeys.generate(work.resolve("owner.txt"));
        AgeKeys stranger = AgeKeys.generate(work.resolve("stranger.txt"));
        Path encrypted = work.resolve("encrypted");
        AgeEncryption.encryptDirectory(plain, encrypted, List.of(owner.recipient()));

        // WHEN it is decrypted with another key
        Path restored = work.resolve("restored");

        // THEN decryption fails naming the identity file but never the key, and leaves no plaintext behind
        assertThatThrownBy(() -> AgeEncryption.decryptDirectory(encrypted, restored, stranger.identityFile()))
                .isInstanceOf(DecryptionFailedException.class)
                .hasMessageContaining(stranger.identityFile().toString())
                .hasMessageNotContaining(stranger.secretKey())
                .hasMessageNotContaining("AGE-SECRET-KEY");
        assertThat(restored).isEmptyDirectory();
    }

    @Test
    void aFlippedCiphertextByteFailsAuthentication() throws Exception {
        // GIVEN an encrypted dump
        Path plain = dump();
        AgeKeys keys = AgeKeys.generate(work.resolve("key.txt"));
        Path encrypted = work.resolve("encrypted");
        AgeEncryption.encryptDirectory(plain, encrypted, List.of(keys.recipient()));

        // WHEN one byte in the middle of the payload of a big file is flipped
        Path damaged = encrypted.resolve("big.dat.age");
        byte[] ciphertext = Files.readAllBytes(damaged);
        ciphertext[ciphertext.length - CHUNK] ^= 0x40;
        Files.write(damaged, ciphertext);

        // THEN decryption fails naming the file, and the partial plaintext is removed
        Path restored = work.resolve("restored");
        assertThatThrownBy(() -> AgeEncryption.decryptDirectory(encrypted, restored, keys.identityFile()))
                .isInstanceOf(DecryptionFailedException.class)
                .hasMessageContaining("big.dat.age")
                .hasMessageContaining("corrupt or truncated");
        assertThat(restored.resolve("big.dat")).doesNotExist();
    }

    @Test
    void aTruncatedFileIsDetectedEvenAtAChunkBoundary() throws Exception {
        // GIVEN an encrypted dump
        Path plain = dump();
        AgeKeys keys = AgeKeys.generate(work.resolve("key.txt"));
        Path encrypted = work.resolve("encrypted");
        AgeEncryption.encryptDirectory(plain, encrypted, List.of(keys.recipient()));

        // WHEN the last chunk of a multi-chunk file is cut off exactly at a chunk boundary
        Path damaged = encrypted.resolve("big.dat.age");
        byte[] ciphertext = Files.readAllBytes(damaged);
        int lastChunk = (int) ((Files.size(plain.resolve("big.dat")) % CHUNK) + 16);
        Files.write(damaged, Arrays.copyOf(ciphertext, ciphertext.length - lastChunk));

        // THEN decryption fails instead of yielding a shorter file
        assertThatThrownBy(() -> AgeEncryption.decryptDirectory(encrypted, work.resolve("restored"),
                keys.identityFile()))
                .isInstanceOf(DecryptionFailedException.class)
                .hasMessageContaining("big.dat.age");
    }

    @Test
    void aDamagedHeaderIsReported() throws Exception {
        // GIVEN an encrypted dump
        Path plain = dump();
        AgeKeys keys = AgeKeys.generate(work.resolve("key.txt"));
        Path encrypted = work.resolve("encrypted");
        AgeEncryption.encryptDirectory(plain, encrypted, List.of(keys.recipient()));

        // WHEN the header of one file is overwritten with something that is not age
        Files.writeString(encrypted.resolve("toc.dat.age"), "PGDMP not encrypted at all");

        // THEN decryption fails naming that file
        assertThatThrownBy(() -> AgeEncryption.decryptDirectory(encrypted, work.resolve("restored"),
                keys.identityFile()))
                .isInstanceOf(DecryptionFailedException.class)
                .hasMessageContaining("toc.dat.age");
    }

    @Test
    void aBadRecipientIsNamedBeforeAnythingIsWritten() throws Exception {
        // GIVEN a dump, a valid recipient and one with a broken checksum
        Path plain = dump();
        AgeKeys keys = AgeKeys.generate(work.resolve("key.txt"));
        String broken = keys.recipient().substring(0, keys.recipient().length() - 1)
                + (keys.recipient().endsWith("q") ? "p" : "q");
        Path encrypted = work.resolve("encrypted");

        // WHEN / THEN encryption refuses, naming the bad recipient, and writes nothing
        assertThatThrownBy(() -> AgeEncryption.encryptDirectory(plain, encrypted, List.of(keys.recipient(), broken)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'" + broken + "'");
        assertThatThrownBy(() -> AgeEncryption.encryptDirectory(plain, encrypted, List.of("ssh-ed25519 AAAAC3Nz")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("ssh-ed25519 AAAAC3Nz");
        assertThatThrownBy(() -> AgeEncryption.encryptDirectory(plain, encrypted, List.of()))
                .isInstanceOf(InvalidInputException.class);
        assertThat(encrypted).doesNotExist();
    }

    @Test
    void aSecretKeyGivenAsRecipientIsRefusedWithoutEchoingIt() throws Exception {
        // GIVEN a secret key passed by mistake where a public key belongs
        Path plain = dump();
        AgeKeys keys = AgeKeys.generate(work.resolve("key.txt"));

        // WHEN / THEN encryption refuses without repeating the secret
        assertThatThrownBy(() -> AgeEncryption.encryptDirectory(plain, work.resolve("encrypted"),
                List.of(keys.secretKey())))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("secret key")
                .hasMessageNotContaining(keys.secretKey());
    }

    @Test
    void unusableIdentityFilesAreInvalidInput() throws Exception {
        // GIVEN an encrypted dump
        Path plain = dump();
        AgeKeys keys = AgeKeys.generate(work.resolve("key.txt"));
        Path encrypted = work.resolve("encrypted");
        AgeEncryption.encryptDirectory(plain, encrypted, List.of(keys.recipient()));
        Path damaged = work.resolve("damaged.txt");
        String secret = keys.secretKey();
        Files.writeString(damaged, "# comment\n" + secret.substring(0, secret.length() - 2) + "xx\n");
        Path empty = work.resolve("empty.txt");
        Files.writeString(empty, "# only a comment\n");

        // WHEN / THEN a missing file, a damaged key and a file without keys are refused, never echoing key text
        assertThatThrownBy(() -> AgeEncryption.decryptDirectory(encrypted, work.resolve("r1"),
                work.resolve("missing.txt")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("missing.txt");
        assertThatThrownBy(() -> AgeEncryption.decryptDirectory(encrypted, work.resolve("r2"), damaged))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Line 2 of identity file")
                .hasMessageNotContaining(secret.substring(16, 40));
        assertThatThrownBy(() -> AgeEncryption.decryptDirectory(encrypted, work.resolve("r3"), empty))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("holds no age secret key");
    }

    @Test
    void refusesANonEmptyOutputDirectory() throws Exception {
        // GIVEN an output directory that already holds a file
        Path plain = dump();
        AgeKeys keys = AgeKeys.generate(work.resolve("key.txt"));
        Path encrypted = Files.createDirectories(work.resolve("encrypted"));
        Files.writeString(encrypted.resolve("stale.age"), "old");

        // WHEN / THEN encryption refuses to mix old and new files
        assertThatThrownBy(() -> AgeEncryption.encryptDirectory(plain, encrypted, List.of(keys.recipient())))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not empty");
    }

    private Path dump() throws IOException, GeneralSecurityException {
        Path dir = work.resolve("dump");
        if (Files.exists(dir)) {
            return dir;
        }
        Files.createDirectories(dir.resolve("sub"));
        Random random = new Random(7);
        Files.writeString(dir.resolve("toc.dat"), "CREATE TABLE accounts (id int);\n");
        Files.write(dir.resolve("empty.dat"), new byte[0]);
        Files.write(dir.resolve("chunk.dat"), bytes(random, CHUNK));
        Files.write(dir.resolve("chunk-plus-one.dat"), bytes(random, CHUNK + 1));
        Files.write(dir.resolve("big.dat"), bytes(random, 5 * CHUNK + 1234));
        Files.write(dir.resolve("sub/nested.dat"), bytes(random, 3 * CHUNK));
        return dir;
    }

    private static byte[] bytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }
}
