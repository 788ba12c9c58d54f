package io.restoredrill.local.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restoredrill.core.error.InvalidInputException;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ConnectionStringTest {

    private static final Map<String, String> NO_ENVIRONMENT = Map.of();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "postgresql://reader@db.internal:6543/shop?sslmode=require | db.internal | 6543 | shop | reader | require",
            "postgres://db.internal/shop                               | db.internal | 5432 | shop | alice  | prefer",
            "postgresql://[::1]:5433/my%20db                           | ::1         | 5433 | my db | alice | prefer",
            "host=db.internal port=6543 dbname='my \\'db\\'' user=reader sslmode=verify-full | db.internal | 6543 | my 'db' | reader | verify-full",
            "jdbc:postgresql://db.internal:6543/shop?user=reader       | db.internal | 6543 | shop | reader | prefer",
            "dbname=shop                                               | localhost   | 5432 | shop | alice  | prefer"})
    void theFormsPsqlUsersWriteResolveAsLibpqResolvesThem(String spec, String host, String port, String dbname,
                                                          String user, String sslmode) {
        Map<String, String> resolved = ConnectionString.resolve(spec, NO_ENVIRONMENT, "alice");

        assertThat(resolved).containsEntry("host", host).containsEntry("port", port).containsEntry("dbname", dbname)
                .containsEntry("user", user).containsEntry("sslmode", sslmode);
    }

    @Test
    void whatTheStringLeavesOutComesFromThePgEnvironmentAndTheStringWins() {
        Map<String, String> environment = Map.of("PGHOST", "env-host", "PGPORT", "7777", "PGUSER", "env-user",
                "PGDATABASE", "env-db", "PGSSLMODE", "require");

        assertThat(ConnectionString.resolve("dbname=shop", environment, "alice")).containsEntry("host", "env-host")
                .containsEntry("port", "7777").containsEntry("user", "env-user").containsEntry("dbname", "shop")
                .containsEntry("sslmode", "require");
    }

    @Test
    void anEmptyStringIsThePgEnvironmentAloneAsForLibpq() {
        Map<String, String> environment = Map.of("PGHOST", "env-host", "PGDATABASE", "env-db");

        assertThat(ConnectionString.resolve("", environment, "alice")).containsEntry("host", "env-host")
                .containsEntry("port", "5432").containsEntry("user", "alice").containsEntry("dbname", "env-db");
    }

    @Test
    void aPasswordInTheStringIsRefusedWithoutRepeatingIt() {
        for (String spec : new String[] {"postgresql://u:s3cret@h/db", "host=h password=s3cret",
                "postgresql://h/db?password=s3cret"}) {
            assertThatThrownBy(() -> ConnectionString.resolve(spec, NO_ENVIRONMENT, "alice"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("Do not put the password in --source-url").hasMessageNotContaining("s3cret");
        }
    }

    @Test
    void aPasswordFromPgpasswordIsUsedWhenNoneIsGiven() {
        SourceDatabase source = SourceDatabase.fromConnectionString("host=h dbname=shop", null, null, null,
                Map.of("PGPASSWORD", "from-env"), "alice");

        assertThat(source.password()).isEqualTo("from-env");
        assertThat(source.passwordOrigin()).isEqualTo("PGPASSWORD");
        assertThat(source.displayUrl()).doesNotContain("from-env");
    }
}
