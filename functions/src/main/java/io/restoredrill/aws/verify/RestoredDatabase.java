package io.restoredrill.aws.verify;

import io.restoredrill.core.verify.ConnectionSource;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.net.ssl.SSLException;

/**
 * Connections to the restored database with pgjdbc over TLS that checks the server's certificate
 * against the trusted CAs and its name against the host ({@code sslmode=verify-full}). The
 * password goes to the driver only, never into the URL, a message or {@link #toString()}.
 */
final class RestoredDatabase implements ConnectionSource {

    private static final String CONNECT_TIMEOUT_SECONDS = "10";

    private final String host;
    private final int port;
    private final String database;
    private final String username;
    private final String password;
    private final Path rootCertificates;

    RestoredDatabase(String host, int port, String database, String username, String password, Path rootCertificates) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.username = username;
        this.password = password;
        this.rootCertificates = rootCertificates;
    }

    @Override
    public Connection open() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", username);
        properties.setProperty("password", password);
        properties.setProperty("sslmode", "verify-full");
        properties.setProperty("sslrootcert", rootCertificates.toString());
        properties.setProperty("connectTimeout", CONNECT_TIMEOUT_SECONDS);
        properties.setProperty("ApplicationName", "restore-drill-verify");
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/"
                + URLEncoder.encode(database, StandardCharsets.UTF_8), properties);
    }

    /** The server turned the login down (PostgreSQL's 28P01 / 28000), as it does until RDS applies a new password. */
    static boolean loginRefused(SQLException e) {
        return "28P01".equals(e.getSQLState()) || "28000".equals(e.getSQLState());
    }

    /** Nothing listened, as while RDS restarts the database to apply a change. */
    static boolean connectionRefused(SQLException e) {
        return causedBy(e, ConnectException.class);
    }

    static boolean tlsFailed(SQLException e) {
        return causedBy(e, SSLException.class) || String.valueOf(e.getMessage()).contains("hostnameverifier");
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /** Where, who and how, for messages: everything but the password. */
    String describe() {
        return host + ":" + port + " (database '" + database + "', user '" + username + "', sslmode=verify-full)";
    }

    @Override
    public String toString() {
        return "RestoredDatabase[" + describe() + "]";
    }
}
