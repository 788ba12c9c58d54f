package io.restoredrill.local.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restoredrill.core.error.CopyFailedException;
import io.restoredrill.core.error.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryLocationTest {

    @TempDir
    Path work;

    @Test
    void putThenGetCopiesEveryFileByteForByte() throws IOException {
        // GIVEN a snapshot directory and a recovery directory that does not exist yet
        Path snapshot = SnapshotFixture.write(work.resolve("dump"));
        DirectoryLocation location = new DirectoryLocation(work.resolve("recovery"));

        // WHEN the snapshot is put and fetched back
        location.put(snapshot, "drill-orders-0001");
        Path restored = work.resolve("restored");
        location.get("drill-orders-0001", restored);

        // THEN both copies are identical to the original and no staging directory is left
        SnapshotFixture.assertIdentical(work.resolve("recovery/drill-orders-0001"), snapshot);
        SnapshotFixture.assertIdentical(restored, snapshot);
        try (var entries = Files.list(work.resolve("recovery"))) {
            assertThat(entries.map(path -> path.getFileName().toString())).containsExactly("drill-orders-0001");
        }
        assertThat(location.uri("drill-orders-0001"))
                .isEqualTo(work.resolve("recovery/drill-orders-0001").toUri().toString().replaceAll("/$", ""));
    }

    @Test
    void deleteRemovesTheSnapshotAndIsIdempotent() throws IOException {
        // GIVEN a stored snapshot
        Path snapshot = SnapshotFixture.write(work.resolve("dump"));
        DirectoryLocation location = new DirectoryLocation(work.resolve("recovery"));
        location.put(snapshot, "drill-orders-0002");

        // WHEN it is deleted twice
        location.delete("drill-orders-0002");

        // THEN it is gone and the second delete does nothing
        assertThat(work.resolve("recovery/drill-orders-0002")).doesNotExist();
        assertThatCode(() -> location.delete("drill-orders-0002")).doesNotThrowAnyException();
        assertThatThrownBy(() -> location.get("drill-orders-0002", work.resolve("restored")))
                .isInstanceOf(CopyFailedException.class)
                .hasMessageContaining("No snapshot named 'drill-orders-0002'");
    }

    @Test
    void neverOverwritesAStoredSnapshot() throws IOException {
        // GIVEN a stored snapshot
        Path snapshot = SnapshotFixture.write(work.resolve("dump"));
        DirectoryLocation location = new DirectoryLocation(work.resolve("recovery"));
        location.put(snapshot, "drill-orders-0003");

        // WHEN / THEN putting another one under the same name fails and keeps the first
        assertThatThrownBy(() -> location.put(snapshot, "drill-orders-0003"))
                .isInstanceOf(CopyFailedException.class)
                .hasMessageContaining("already holds a snapshot named 'drill-orders-0003'");
        SnapshotFixture.assertIdentical(work.resolve("recovery/drill-orders-0003"), snapshot);
    }

    @Test
    void refusesUnsafeNamesAndUnusableDirectories() throws IOException {
        // GIVEN a location, a snapshot, and a target that already holds a file
        Path snapshot = SnapshotFixture.write(work.resolve("dump"));
        DirectoryLocation location = new DirectoryLocation(work.resolve("recovery"));
        location.put(snapshot, "drill-orders-0004");
        Path busy = Files.createDirectories(work.resolve("busy"));
        Files.writeString(busy.resolve("old.dat"), "old");

        // WHEN / THEN names that could escape the location, missing sources and busy targets are refused
        assertThatThrownBy(() -> location.put(snapshot, "../escape")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> location.delete("..")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> location.put(work.resolve("missing"), "drill-x"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("missing");
        assertThatThrownBy(() -> location.get("drill-orders-0004", busy))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not empty");
    }
}
