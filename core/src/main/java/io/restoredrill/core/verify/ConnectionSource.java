package io.restoredrill.core.verify;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens a new connection to the database under verification, ready to use. */
@FunctionalInterface
public interface ConnectionSource {
    Connection open() throws SQLException;
}
