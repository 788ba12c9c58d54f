package io.restoredrill.local.copy;

import static org.assertj.core.api.Assertions.assertThat;

import io.restoredrill.local.files.FileTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/** A small pg_dump-like directory and the check that a copy of it is byte-identical. */
final class SnapshotFixture {

    static final List<String> FILES = List.of("3001.dat.gz", "3002.dat.gz", "empty.dat", "sub/blob.bin", "toc.dat");

    private SnapshotFixture() {
    }

    static Path write(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("sub"));
        Random random = new Random(11);
        Files.writeString(dir.resolve("toc.dat"), "PGDMP table of contents\n", StandardCharsets.UTF_8);
        Files.write(dir.resolve("3001.dat.gz"), bytes(random, 1_048_583));
        Files.write(dir.resolve("3002.dat.gz"), bytes(random, 70_001));
        Files.write(dir.resolve("empty.dat"), new byte[0]);
        Files.write(dir.resolve("sub/blob.bin"), bytes(random, 4_096));
        return dir;
    }

    static void assertIdentical(Path copy, Path original) throws IOException {
        assertThat(FileTree.regularFiles(copy)).isEqualTo(FileTree.regularFiles(original));
        for (String file : FileTree.regularFiles(original)) {
            assertThat(copy.resolve(file)).as(file).hasSameBinaryContentAs(original.resolve(file));
        }
    }

    static byte[] bytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }
}
