package io.restoredrill.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.restoredrill.testing.PostgresFixture;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Postgres tier: what the source's catalog says of its tables, at catalog cost. */
class SourceCatalogTest {

    private static PostgresFixture postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresFixture.start();
        postgres.createDatabase("shop");
        postgres.execute("shop", """
                CREATE TABLE orders (id int PRIMARY KEY, note text);
                INSERT INTO orders SELECT g, 'order ' || g FROM generate_series(1, 10000) g;
                ANALYZE orders;
                CREATE TABLE small (id int);
                INSERT INTO small SELECT generate_series(1, 7);
                """);
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Test
    void aMassDeleteSinceTheLastAnalyzeShowsInTheEstimateAtOnce() throws SQLException {
        // GIVEN a table analyzed at 10,000 rows, 8,000 of which were deleted since (no vacuum or analyze yet)
        try (Connection connection = postgres.connect("shop"); Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM orders WHERE id > 2000");
            statement.execute("SELECT pg_stat_force_next_flush()");
        }
        awaitStatistics();

        // WHEN the catalog is read with no table counted exactly
        SourceCatalog.Reading reading;
        try (Connection snapshot = postgres.connect("shop")) {
            reading = SourceCatalog.read(snapshot, () -> postgres.connect("shop"), 0);
        }

        // THEN the estimate is the statistics' live rows, not the planner's stale 10,000: a copy of 2,000 rows passes
        Map<String, SourceTable> tables = reading.tables().stream()
                .collect(Collectors.toMap(SourceTable::qualifiedName, t -> t));
        assertThat(tables.get("public.orders").estimatedRows()).isEqualTo(2000L);
        assertThat(tables.get("public.orders").exactRows()).isNull();
    }

    @Test
    void smallTablesAreCountedExactlyWithinTheBudget() throws SQLException {
        // WHEN the catalog is read with the default budget
        SourceCatalog.Reading reading;
        try (Connection snapshot = postgres.connect("shop")) {
            reading = SourceCatalog.read(snapshot, () -> postgres.connect("shop"));
        }

        // THEN both tables, far under 64 MB, are counted exactly
        assertThat(reading.tables()).extracting(SourceTable::qualifiedName, SourceTable::exactRows)
                .contains(org.assertj.core.groups.Tuple.tuple("public.small", 7L));
    }

    /** The statistics reach the shared view once the deleting session flushed them: poll briefly. */
    private static void awaitStatistics() throws SQLException {
        for (int i = 0; i < 50; i++) {
            try (Connection connection = postgres.connect("shop"); Statement statement = connection.createStatement();
                 var rows = statement.executeQuery("SELECT n_live_tup FROM pg_stat_user_tables WHERE relname = 'orders'")) {
                if (rows.next() && rows.getLong(1) == 2000) {
                    return;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
