package io.restoredrill.local.existing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackupLayoutTest {

    private static final Instant NIGHT = Instant.parse("2026-12-06T02:00:00Z");

    @ParameterizedTest
    @ValueSource(strings = {"shop", "sales2024", "erp-2019", "db_", "my db", "Übersicht", "a/b", ".hidden", "50%", "x+y",
            "shop-20261206T020000Z", "restore-drill"})
    void everyDatabaseNameRoundTripsThroughItsBackupName(String database) {
        // WHEN a backup's name is made and read back, as drill local --from reads it
        String name = BackupLayout.backupName(database, NIGHT, ".age");

        // THEN it gives the same database and time, the name is one folder deep, and the other readers agree
        assertThat(BackupLayout.parse(name)).hasValue(new BackupLayout.Parsed(database, NIGHT));
        assertThat(name.chars().filter(c -> c == '/').count()).isEqualTo(1);
        assertThat(BackupNames.database("nightly/" + name)).hasValue(database);
        assertThat(BackupNames.timestamp(name)).hasValue(NIGHT);
        assertThat(BackupFiles.isBackup(name.substring(name.indexOf('/') + 1))).isTrue();
    }

    @Test
    void distinctNamesGetDistinctFolders() {
        assertThat(BackupLayout.folder("a b")).isNotEqualTo(BackupLayout.folder("a_b"));
        assertThat(BackupLayout.folder("my db")).isEqualTo("my%20db");
    }

    @Test
    void namesNotWrittenByDrillBackupAreNotParsed() {
        assertThat(BackupLayout.parse("orders/orders_20250101.sql.gz")).isEmpty();
        assertThat(BackupLayout.parse("orders/other-20250101T000000Z.dump.age")).isEmpty();
        assertThat(BackupLayout.parse("orders-20250101T000000Z.dump.age")).isEmpty();
        assertThat(BackupLayout.parse("orders/orders-20251301T000000Z.dump.age")).isEmpty();
    }
}
