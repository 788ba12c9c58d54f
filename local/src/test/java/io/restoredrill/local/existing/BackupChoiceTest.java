package io.restoredrill.local.existing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restoredrill.core.error.InvalidInputException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackupChoiceTest {

    private static final BackupStore STORE = new BackupStore() {
        @Override
        public List<StoredBackup> list() {
            return List.of();
        }

        @Override
        public String uri(StoredBackup backup) {
            return backup.name();
        }

        @Override
        public Path fetch(StoredBackup backup, Path downloadDir, Instant deadline) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean inPlace() {
            return true;
        }

        @Override
        public Optional<Path> fetchBeside(StoredBackup backup, String suffix, Path downloadDir) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void put(Path file, String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String toString() {
            return "s3://b/nightly";
        }
    };

    private static final List<StoredBackup> NIGHTLY = List.of(
            backup("shop-2026-12-04.dump", "shop", "2026-12-04T02:00:00Z"),
            backup("shop-2026-12-06.dump", "shop", "2026-12-06T02:00:00Z"),
            backup("shop-2026-12-05.dump", "shop", "2026-12-05T02:00:00Z"),
            backup("orders-2026-12-07.dump", "orders", "2026-12-07T02:00:00Z"));

    @Test
    void theNewestBackupOfTheChosenDatabaseIsPicked() {
        assertThat(BackupChoice.pick(STORE, NIGHTLY, Optional.empty(), Optional.of("shop")).name())
                .isEqualTo("shop-2026-12-06.dump");
    }

    @Test
    void aNamedBackupIsPickedWhateverItsAge() {
        assertThat(BackupChoice.pick(STORE, NIGHTLY, Optional.of("shop-2026-12-04.dump"), Optional.empty()).name())
                .isEqualTo("shop-2026-12-04.dump");
    }

    @Test
    void severalDatabasesWithoutAChoiceIsANamedErrorListingThem() {
        assertThatThrownBy(() -> BackupChoice.pick(STORE, NIGHTLY, Optional.empty(), Optional.empty()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("s3://b/nightly holds backups of 2 databases (orders, shop); choose one with --database NAME.");
    }

    @Test
    void noBackupOfTheDatabaseAndNoBackupAtAllAreNamedErrors() {
        assertThatThrownBy(() -> BackupChoice.pick(STORE, NIGHTLY, Optional.empty(), Optional.of("billing")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("No backup of database billing at s3://b/nightly; backups there are of orders, shop.");
        assertThatThrownBy(() -> BackupChoice.pick(STORE, List.of(), Optional.empty(), Optional.empty()))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("No backup found at s3://b/nightly");
    }

    private static StoredBackup backup(String name, String database, String time) {
        return new StoredBackup(name, database, Instant.parse(time), true, 1000, false);
    }
}
