package io.restoredrill.local.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restoredrill.core.error.ChecksumMismatchException;
import io.restoredrill.local.files.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {

    @TempDir
    Path dir;

    @Test
    void createsAndVerifiesEveryFileOfASnapshotDirectory() throws IOException {
        // GIVEN a dump directory with a table of contents, data files and a subdirectory
        long bytes = writeDump(dir);

        // WHEN the manifest is created, written and read back
        Manifest created = Manifest.create(dir);
        created.write(dir);
        Manifest read = Manifest.read(dir);

        // THEN it lists every file but itself, sorted, with the total size, and the copy verifies
        assertThat(read).isEqualTo(created);
        assertThat(read.files()).isEqualTo(4);
        assertThat(read.totalBytes()).isEqualTo(bytes);
        assertThat(read.entries()).extracting(Manifest.Entry::path)
                .containsExactly("3001.dat.gz", "3002.dat.gz", "extra/notes.txt", "toc.dat");
        assertThat(read.sha256()).matches("[0-9a-f]{64}").isEqualTo(created.sha256());
        read.verify(dir);
    }

    @Test
    void knownContentHashesToTheKnownDigest() throws IOException {
        // GIVEN a file whose SHA-256 is well known
        Files.writeString(dir.resolve("abc.txt"), "abc");

        // WHEN the manifest is created
        Manifest manifest = Manifest.create(dir);

        // THEN the entry carries the standard digest of "abc"
        assertThat(manifest.text()).isEqualTo("# restore-drill manifest: 1 files, 3 bytes\n"
                + "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  abc.txt\n");
    }

    @Test
    void oneFlippedByteIsReportedWithTheFileAndBothHashes() throws IOException {
        // GIVEN a verified snapshot with a manifest
        writeDump(dir);
        Manifest manifest = Manifest.create(dir);
        manifest.write(dir);
        String expected = manifest.entries().stream().filter(e -> e.path().equals("3002.dat.gz")).findFirst()
                .orElseThrow().sha256();

        // WHEN one byte of one data file is flipped
        Path damaged = dir.resolve("3002.dat.gz");
        byte[] content = Files.readAllBytes(damaged);
        content[content.length / 2] ^= 0x01;
        Files.write(damaged, content);

        // THEN verification names that file, the recorded hash and the one found
        assertThatThrownBy(() -> Manifest.read(dir).verify(dir))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining("3002.dat.gz")
                .hasMessageContaining(expected)
                .hasMessageContaining(Sha256.of(damaged).hex());
    }

    @Test
    void aMissingFileIsReported() throws IOException {
        // GIVEN a snapshot with a manifest
        writeDump(dir);
        Manifest.create(dir).write(dir);

        // WHEN a listed file disappears
        Files.delete(dir.resolve("toc.dat"));

        // THEN verification names the missing file
        assertThatThrownBy(() -> Manifest.read(dir).verify(dir))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining("toc.dat")
                .hasMessageContaining("missing");
    }

    @Test
    void anUnexpectedExtraFileIsReported() throws IOException {
        // GIVEN a snapshot with a manifest
        writeDump(dir);
        Manifest.create(dir).write(dir);

        // WHEN a file that the manifest does not list appears
        Files.writeString(dir.resolve("3003.dat.gz"), "smuggled");

        // THEN verification names the extra file
        assertThatThrownBy(() -> Manifest.read(dir).verify(dir))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining("3003.dat.gz")
                .hasMessageContaining("not in the manifest");
    }

    @Test
    void anAlteredManifestLineIsReported() throws IOException {
        // GIVEN a snapshot with a manifest
        writeDump(dir);
        Manifest.create(dir).write(dir);

        // WHEN a manifest line is damaged
        Path file = dir.resolve(Manifest.FILE_NAME);
        Files.writeString(file, Files.readString(file).replaceFirst("  toc.dat", " toc.dat"));

        // THEN reading it names the line
        assertThatThrownBy(() -> Manifest.read(dir))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining("Line 5 of");
    }

    @Test
    void aMissingManifestIsReported() throws IOException {
        // GIVEN a snapshot directory without a manifest
        writeDump(dir);

        // WHEN / THEN reading the manifest says it is missing
        assertThatThrownBy(() -> Manifest.read(dir))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining("has no MANIFEST.sha256");
    }

    @Test
    void sha256sumAcceptsTheWrittenManifest() throws IOException, InterruptedException {
        // GIVEN a snapshot with a written manifest
        writeDump(dir);
        Manifest.create(dir).write(dir);

        // WHEN GNU sha256sum checks it in strict mode
        Process process = new ProcessBuilder("sha256sum", "--strict", "-c", Manifest.FILE_NAME)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

        // THEN every file checks out
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("toc.dat: OK", "3001.dat.gz: OK", "3002.dat.gz: OK", "extra/notes.txt: OK");
    }

    private static long writeDump(Path dir) throws IOException {
        Random random = new Random(42);
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        random.nextBytes(big);
        byte[] small = new byte[1000];
        random.nextBytes(small);
        Files.write(dir.resolve("toc.dat"), small);
        Files.write(dir.resolve("3001.dat.gz"), big);
        Files.write(dir.resolve("3002.dat.gz"), "id,name\n1,alice\n2,bob\n".getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(dir.resolve("extra"));
        Files.writeString(dir.resolve("extra/notes.txt"), "");
        return small.length + big.length + 22;
    }
}
