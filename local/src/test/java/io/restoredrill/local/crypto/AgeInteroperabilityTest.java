package io.restoredrill.local.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restoredrill.core.error.DecryptionFailedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our files against the reference implementation: the {@code age} and {@code age-keygen} commands. */
class AgeInteroperabilityTest {

    @TempDir
    Path work;

    @BeforeAll
    static void ageIsInstalled() {
        AgeCli.require();
    }

    @Test
    void theAgeCommandDecryptsWhatWeEncryptWithKeysFromAgeKeygen() throws IOException {
        // GIVEN a key pair from age-keygen and a dump of several sizes
        Path identity = work.resolve("key.txt");
        String recipient = AgeCli.keygen(identity);
        Path plain = dump(work.resolve("dump"));

        // WHEN we encrypt the dump to the age-keygen recipient
        Path encrypted = work.resolve("encrypted");
        AgeEncryption.encryptDirectory(plain, encrypted, List.of(recipient));

        // THEN `age -d -i key.txt` decrypts every file to the original bytes
        for (String file : List.of("toc.dat", "empty.dat", "3001.dat.gz")) {
            Path decrypted = work.resolve("age-" + file);
            AgeCli.decrypt(identity, encrypted.resolve(file + AgeEncryption.SUFFIX), decrypted);
            assertThat(decrypted).hasSameBinaryContentAs(plain.resolve(file));
        }
    }

    @Test
    void weDecryptWhatTheAgeCommandEncrypts() throws IOException {
        // GIVEN files encrypted by `age -r` to an age-keygen recipient
        Path identity = work.resolve("key.txt");
        String recipient = AgeCli.keygen(identity);
        Path plain = dump(work.resolve("dump"));
        Path encrypted = Files.createDirectories(work.resolve("encrypted"));
        for (String file : List.of("toc.dat", "empty.dat", "3001.dat.gz")) {
            AgeCli.encrypt(recipient, plain.resolve(file), encrypted.resolve(file + AgeEncryption.SUFFIX));
        }

        // WHEN we decrypt the directory with the age-keygen identity file (comments included)
        Path restored = work.resolve("restored");
        AgeEncryption.decryptDirectory(encrypted, restored, identity);

        // THEN the files are the originals
        for (String file : List.of("toc.dat", "empty.dat", "3001.dat.gz")) {
            assertThat(restored.resolve(file)).hasSameBinaryContentAs(plain.resolve(file));
        }
    }

    @Test
    void anotherAgeKeygenIdentityCannotDecrypt() throws IOException {
        // GIVEN a file encrypted by `age -r` to one age-keygen key
        String recipient = AgeCli.keygen(work.resolve("owner.txt"));
        Path stranger = work.resolve("stranger.txt");
        AgeCli.keygen(stranger);
        Path plain = dump(work.resolve("dump"));
        Path encrypted = Files.createDirectories(work.resolve("encrypted"));
        AgeCli.encrypt(recipient, plain.resolve("toc.dat"), encrypted.resolve("toc.dat.age"));

        // WHEN / THEN another age-keygen identity fails with a named error
        assertThatThrownBy(() -> AgeEncryption.decryptDirectory(encrypted, work.resolve("restored"), stranger))
                .isInstanceOf(DecryptionFailedException.class)
                .hasMessageNotContaining("AGE-SECRET-KEY");
    }

    private static Path dump(Path dir) throws IOException {
        Files.createDirectories(dir);
        byte[] data = new byte[300_000];
        new Random(3).nextBytes(data);
        Files.writeString(dir.resolve("toc.dat"), "PGDMP toc\n");
        Files.write(dir.resolve("empty.dat"), new byte[0]);
        Files.write(dir.resolve("3001.dat.gz"), data);
        return dir;
    }
}
