package io.restoredrill.local.existing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackupNamesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "shop-2026-12-05T02:00:00Z.dump.age,            shop,      2026-12-05T02:00:00Z",
            "shop_20261205_020000.sql.gz,                   shop,      2026-12-05T02:00:00Z",
            "shop-20261205T020000Z.dump.zst.gpg,            shop,      2026-12-05T02:00:00Z",
            "nightly/shop/2026-12-05.dump,                  shop,      2026-12-05T00:00:00Z",
            "2026-12-05/billing_db.backup,                  billing_db, 2026-12-05T00:00:00Z",
            "orders-2026-12-05T03:30:00+01:00.tar,          orders,    2026-12-05T02:30:00Z",
            "orders.2026-12-05_02-00-00.sql.lz4,            orders,    2026-12-05T02:00:00Z",
            "shop.dump,                                     shop,      ",
            "shop/2026/12/05/020000.dump,                   shop,      "})
    void theNamesOfNightlyJobsSayTheDatabaseAndTheTime(String name, String database, String time) {
        assertThat(BackupNames.database(name)).hasValue(database);
        if (time == null) {
            assertThat(BackupNames.timestamp(name)).isEmpty();
        } else {
            assertThat(BackupNames.timestamp(name)).hasValue(Instant.parse(time));
        }
    }

    @ParameterizedTest
    @CsvSource({"2026-12-05.dump", "20261205-020000.sql.gz"})
    void aNameThatIsOnlyATimeNamesNoDatabase(String name) {
        assertThat(BackupNames.database(name)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"shop-2026-13-45.dump", "shop-12345678.dump"})
    void digitsThatAreNoDateAreNoTime(String name) {
        assertThat(BackupNames.timestamp(name)).isEmpty();
    }
}
