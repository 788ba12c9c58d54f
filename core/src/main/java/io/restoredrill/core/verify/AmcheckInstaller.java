package io.restoredrill.core.verify;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Makes amcheck available, or says in one phrase why it cannot be. */
final class AmcheckInstaller {

    private AmcheckInstaller() {
    }

    /** @return {@code null} when amcheck is usable, else the reason it is not */
    static String ensure(Connection connection, boolean mayInstall) {
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT 1 FROM pg_extension WHERE extname = 'amcheck'")) {
                if (rows.next()) {
                    return null;
                }
            }
            if (!mayInstall) {
                return "the amcheck extension is not installed in this database and the verifier may not install it";
            }
            statement.execute("CREATE EXTENSION IF NOT EXISTS amcheck");
            return null;
        } catch (SQLException e) {
            String message = e.getMessage() == null ? e.getSQLState() : e.getMessage().lines().findFirst().orElse("");
            return "the amcheck extension cannot be created (" + message.replaceFirst("^ERROR: ", "") + ")";
        }
    }
}
