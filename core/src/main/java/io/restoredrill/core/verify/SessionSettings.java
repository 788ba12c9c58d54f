package io.restoredrill.core.verify;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Fixes every setting that changes a row's text form, so a content hash computed on the source and
 * on the restored copy, or in two drills, can be compared: time zone, date and interval styles,
 * float digits, bytea and money formats.
 */
public final class SessionSettings {

    private static final String[] SETTINGS = {
        "SET TimeZone = 'UTC'",
        "SET DateStyle = 'ISO, YMD'",
        "SET IntervalStyle = 'postgres'",
        "SET extra_float_digits = 3",
        "SET bytea_output = 'hex'",
        "SET lc_monetary = 'C'",
        "SET application_name = 'restore-drill verify'",
    };

    private SessionSettings() {
    }

    public static void apply(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String setting : SETTINGS) {
                statement.execute(setting);
            }
        }
    }
}
