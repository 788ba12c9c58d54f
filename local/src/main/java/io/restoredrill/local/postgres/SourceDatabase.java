package io.restoredrill.local.postgres;

import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.error.SourceAuthenticationException;
import io.restoredrill.core.error.SourceNotFoundException;
import io.restoredrill.core.error.SourceUnreachableException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The PostgreSQL database a local drill dumps. It is only read: pg_dump, and the catalog queries
 * and inventory of an exact comparison. The password lives here and in child environments only.
 *
 * @param passwordOrigin where the password came from, for error messages (never the password)
 */
public record SourceDatabase(String host, int port, String database, String user, String password,
                             String sslMode, String passwordOrigin) {

    @Override
    public String toString() {
        return "SourceDatabase[" + displayUrl() + "]";
    }

    /**
     * Reads a connection string the ways libpq users write one ({@link ConnectionString}): a {@code postgresql://}
     * URI, {@code key=value} pairs or a {@code service}, or a {@code jdbc:postgresql://} URL, with what it leaves out
     * taken from the {@code PG*} environment as psql would.
     *
     * @param user           {@code --user}, which wins over the string's user; {@code null} for none
     * @param password       the password from {@code --password-env}; {@code null}: {@code PGPASSWORD}, else
     *                       {@code ~/.pgpass} (read by pg_dump and the driver themselves)
     * @throws InvalidInputException when the string is malformed, carries a password or names several hosts
     */
    public static SourceDatabase fromUrl(String url, String user, String password, String passwordOrigin) {
        return fromConnectionString(url, user, password, passwordOrigin, System.getenv(), System.getProperty("user.name"));
    }

    public static SourceDatabase fromConnectionString(String spec, String user, String password, String passwordOrigin,
                                              Map<String, String> environment, String osUser) {
        Map<String, String> keywords = ConnectionString.resolve(spec, environment, osUser);
        String effectiveUser = user != null ? user : keywords.get("user");
        String effectivePassword = password;
        String origin = passwordOrigin;
        if (effectivePassword == null && environment.get("PGPASSWORD") != null) {
            effectivePassword = environment.get("PGPASSWORD");
            origin = "PGPASSWORD";
        }
        return new SourceDatabase(keywords.get("host"), Integer.parseInt(keywords.get("port")), keywords.get("dbname"),
                effectiveUser, effectivePassword, keywords.get("sslmode"), origin);
    }

    /** The same server and credentials, another database on it. */
    public SourceDatabase withDatabase(String other) {
        return new SourceDatabase(host, port, other, user, password, sslMode, passwordOrigin);
    }

    /** The URL without any secret, for reports and messages. */
    public String displayUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database + "?user=" + user;
    }

    public String address() {
        return host + ":" + port;
    }

    /** The server's version, as {@code server_version} gives it, and its major number. */
    public record ServerVersion(String version, int major) {
    }

    /** Reads the server's version; a failure names this database. */
    public ServerVersion serverVersion() {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT current_setting('server_version'), "
                     + "current_setting('server_version_num')::int / 10000")) {
            rows.next();
            return new ServerVersion(rows.getString(1), rows.getInt(2));
        } catch (SQLException e) {
            throw new InvalidInputException("Cannot read the server version of database " + database + " at "
                    + address() + ": " + e.getMessage() + ".", e);
        }
    }

    /** Opens a connection; failures become named errors that say what to fix. */
    public Connection connect() {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("sslmode", sslMode);
        props.setProperty("ApplicationName", "restore-drill");
        props.setProperty("connectTimeout", "10");
        props.setProperty("readOnly", "true");
        try {
            return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/"
                    + URLEncoder.encode(database, StandardCharsets.UTF_8), props);
        } catch (SQLException e) {
            throw classify(e);
        }
    }

    private RuntimeException classify(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.equals("28P01") || state.equals("28000")) {
            String fix = password == null
                    ? "pass --password-env VAR naming an environment variable that holds the password, or add it to ~/.pgpass"
                    : "check the password in " + passwordOrigin;
            return new SourceAuthenticationException("The source at " + address() + " rejected user '" + user
                    + "': " + firstLine(e) + "; " + fix + ".", e);
        }
        if (state.equals("3D000")) {
            return new SourceNotFoundException("Database '" + database + "' does not exist on " + address()
                    + "; check the database name in --source-url.", e);
        }
        Throwable cause = e.getCause();
        if (state.startsWith("08") || cause instanceof ConnectException || cause instanceof UnknownHostException
                || cause instanceof SocketTimeoutException || cause instanceof NoRouteToHostException) {
            String why = cause instanceof UnknownHostException ? "unknown host " + host
                    : cause instanceof ConnectException ? "connection refused"
                    : cause instanceof SocketTimeoutException ? "timed out" : firstLine(e);
            return new SourceUnreachableException("Cannot reach the source database at " + address() + " (" + why
                    + "); check the host and port in --source-url and that the server accepts TCP connections.", e);
        }
        return new SourceUnreachableException("Cannot connect to the source at " + address() + ": " + firstLine(e) + ".", e);
    }

    private static String firstLine(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message).replaceFirst("^FATAL: ", "").replaceFirst("\\.$", "");
    }

    /** libpq environment for pg_dump: the password never appears in argv. */
    public Map<String, String> libpqEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("PGHOST", host);
        env.put("PGPORT", Integer.toString(port));
        env.put("PGUSER", user);
        env.put("PGDATABASE", database);
        env.put("PGSSLMODE", sslMode);
        env.put("PGAPPNAME", "restore-drill");
        env.put("PGCONNECT_TIMEOUT", "10");
        if (password != null) {
            env.put("PGPASSWORD", password);
        }
        return env;
    }
}
