package io.restoredrill.local.postgres;

import io.restoredrill.core.error.InvalidInputException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.Driver;
import org.postgresql.PGProperty;
import org.postgresql.jdbcurlresolver.PgServiceConfParser;

/**
 * A source given the ways PostgreSQL users already write one, resolved as libpq resolves it: a
 * {@code postgresql://} URI, a {@code key=value} connection string (either may name a {@code service}), or a
 * {@code jdbc:postgresql://} URL; what it leaves out comes from the service file's entry, then from the
 * {@code PG*} environment, then from libpq's defaults. The result holds libpq keywords; never a password.
 */
public final class ConnectionString {

    /** Keywords a drill uses; any other libpq keyword is accepted and ignored, a password is refused. */
    public static final Set<String> USED = Set.of("host", "port", "dbname", "user", "sslmode", "service");
    private static final Map<String, String> ENVIRONMENT = Map.of("host", "PGHOST", "port", "PGPORT",
            "dbname", "PGDATABASE", "user", "PGUSER", "sslmode", "PGSSLMODE", "service", "PGSERVICE");
    private static final Pattern URI = Pattern.compile("^postgres(?:ql)?://(?:([^@/?]*)@)?([^/?]*)(?:/([^?]*))?(?:\\?(.*))?$");
    private static final Pattern KEYWORD = Pattern.compile("\\G\\s*([A-Za-z_]+)\\s*=\\s*");

    private ConnectionString() {
    }

    /**
     * @param spec        what was given to {@code --source-url}
     * @param environment the process environment ({@code PGHOST}, {@code PGSERVICE}, {@code PGSERVICEFILE}, …)
     * @return the resolved keywords: host, port, dbname, user and sslmode, each set
     * @throws InvalidInputException naming what is wrong, never repeating a password
     */
    public static Map<String, String> resolve(String spec, Map<String, String> environment, String osUser) {
        Map<String, String> given = parse(spec);
        if (given.containsKey("password")) {
            throw new InvalidInputException("Do not put the password in --source-url; pass --password-env VAR, set"
                    + " PGPASSWORD, or keep it in ~/.pgpass.");
        }
        Map<String, String> resolved = new LinkedHashMap<>(given);
        String service = resolved.getOrDefault("service", environment.get("PGSERVICE"));
        if (service != null && !service.isBlank()) {
            Properties entry = serviceEntry(service, environment);
            putIfAbsent(resolved, "host", entry.getProperty(PGProperty.PG_HOST.getName()));
            putIfAbsent(resolved, "port", entry.getProperty(PGProperty.PG_PORT.getName()));
            putIfAbsent(resolved, "dbname", entry.getProperty(PGProperty.PG_DBNAME.getName()));
            putIfAbsent(resolved, "user", entry.getProperty(PGProperty.USER.getName()));
            putIfAbsent(resolved, "sslmode", entry.getProperty(PGProperty.SSL_MODE.getName()));
        }
        ENVIRONMENT.forEach((keyword, variable) -> putIfAbsent(resolved, keyword, environment.get(variable)));
        putIfAbsent(resolved, "host", "localhost");
        putIfAbsent(resolved, "port", "5432");
        putIfAbsent(resolved, "user", osUser);
        putIfAbsent(resolved, "dbname", resolved.get("user"));
        putIfAbsent(resolved, "sslmode", "prefer");
        String host = resolved.get("host");
        if (host.contains(",")) {
            throw new InvalidInputException("--source-url names several hosts (" + host + "); give the one to dump.");
        }
        if (host.startsWith("/")) {
            throw new InvalidInputException("--source-url names the Unix socket directory " + host + "; a drill connects"
                    + " over TCP: give host=127.0.0.1 (or the server's name).");
        }
        try {
            int port = Integer.parseInt(resolved.get("port"));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--source-url has port '" + resolved.get("port") + "', which is not a TCP port.");
        }
        return resolved;
    }

    public static Map<String, String> parse(String spec) {
        String trimmed = spec == null ? "" : spec.trim();
        if (trimmed.startsWith("jdbc:")) {
            return jdbc(trimmed);
        }
        if (trimmed.startsWith("postgresql://") || trimmed.startsWith("postgres://")) {
            return uri(trimmed);
        }
        if (trimmed.contains("=")) {
            return keywords(trimmed);
        }
        if (trimmed.isEmpty()) {
            // As for libpq, an empty string: everything from the PG* environment and the defaults.
            return new LinkedHashMap<>();
        }
        throw new InvalidInputException("--source-url is not a connection string: write postgresql://HOST:PORT/DATABASE,"
                + " host=HOST dbname=DATABASE (or service=NAME), or jdbc:postgresql://HOST:PORT/DATABASE.");
    }

    private static Map<String, String> jdbc(String url) {
        if (url.contains("@")) {
            throw new InvalidInputException("Do not put credentials in --source-url; pass --user NAME and --password-env"
                    + " VAR naming an environment variable that holds the password.");
        }
        Properties parsed = Driver.parseURL(url, new Properties());
        if (parsed == null) {
            throw new InvalidInputException("--source-url is not a PostgreSQL JDBC URL; write jdbc:postgresql://HOST:PORT/DATABASE.");
        }
        Map<String, String> keywords = new LinkedHashMap<>();
        putIfPresent(keywords, "host", PGProperty.PG_HOST.getOrDefault(parsed));
        putIfPresent(keywords, "port", PGProperty.PG_PORT.getOrDefault(parsed));
        putIfPresent(keywords, "dbname", PGProperty.PG_DBNAME.getOrDefault(parsed));
        putIfPresent(keywords, "user", PGProperty.USER.getOrDefault(parsed));
        putIfPresent(keywords, "sslmode", PGProperty.SSL_MODE.getOrDefault(parsed));
        putIfPresent(keywords, "password", PGProperty.PASSWORD.getOrDefault(parsed));
        if (!keywords.containsKey("dbname")) {
            throw new InvalidInputException("--source-url names no database; add /DATABASE.");
        }
        return keywords;
    }

    /** {@code postgresql://[user[:password]@][host][:port][/dbname][?keyword=value&…]}, percent-encoded. */
    private static Map<String, String> uri(String uri) {
        Matcher m = URI.matcher(uri);
        if (!m.matches()) {
            throw new InvalidInputException("--source-url is not a postgresql:// URI; write postgresql://USER@HOST:PORT/DATABASE.");
        }
        Map<String, String> keywords = new LinkedHashMap<>();
        if (m.group(1) != null) {
            String[] userInfo = m.group(1).split(":", 2);
            putIfPresent(keywords, "user", decode(userInfo[0]));
            if (userInfo.length > 1) {
                keywords.put("password", "given");
            }
        }
        String hostPort = m.group(2);
        if (hostPort.contains(",")) {
            keywords.put("host", hostPort);
        } else if (!hostPort.isEmpty()) {
            int colon = hostPort.startsWith("[") ? hostPort.indexOf("]:") + 1 : hostPort.lastIndexOf(':');
            String host = colon > 0 ? hostPort.substring(0, colon) : hostPort;
            putIfPresent(keywords, "host", decode(host.startsWith("[") ? host.substring(1, host.length() - 1) : host));
            if (colon > 0) {
                putIfPresent(keywords, "port", hostPort.substring(colon + 1));
            }
        }
        putIfPresent(keywords, "dbname", m.group(3) == null ? null : decode(m.group(3)));
        if (m.group(4) != null) {
            for (String pair : m.group(4).split("&")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new InvalidInputException("--source-url has a parameter without a value; write keyword=value.");
                }
                keywords.put(decode(pair.substring(0, eq)).toLowerCase(Locale.ROOT), decode(pair.substring(eq + 1)));
            }
        }
        return keywords;
    }

    /** {@code host=db port=5432 dbname='my db'}: values may be single-quoted, with backslash escapes. */
    private static Map<String, String> keywords(String conninfo) {
        Map<String, String> keywords = new LinkedHashMap<>();
        Matcher m = KEYWORD.matcher(conninfo);
        int at = 0;
        while (at < conninfo.length() && !conninfo.substring(at).isBlank()) {
            if (!m.find(at) || m.start() != at) {
                throw new InvalidInputException("--source-url is not a key=value connection string at character "
                        + (at + 1) + "; write host=HOST port=PORT dbname=DATABASE.");
            }
            String keyword = m.group(1).toLowerCase(Locale.ROOT);
            int i = m.end();
            StringBuilder value = new StringBuilder();
            if (i < conninfo.length() && conninfo.charAt(i) == '\'') {
                i++;
                while (i < conninfo.length() && conninfo.charAt(i) != '\'') {
                    char c = conninfo.charAt(i++);
                    value.append(c == '\\' && i < conninfo.length() ? conninfo.charAt(i++) : c);
                }
                if (i >= conninfo.length()) {
                    throw new InvalidInputException("--source-url has an unterminated quoted value for " + keyword + ".");
                }
                i++;
            } else {
                while (i < conninfo.length() && !Character.isWhitespace(conninfo.charAt(i))) {
                    char c = conninfo.charAt(i++);
                    value.append(c == '\\' && i < conninfo.length() ? conninfo.charAt(i++) : c);
                }
            }
            keywords.put(keyword, value.toString());
            at = i;
        }
        return keywords;
    }

    private static Properties serviceEntry(String service, Map<String, String> environment) {
        Properties entry = PgServiceConfParser.getServiceProperties(service);
        if (entry == null) {
            throw new InvalidInputException("Service '" + service + "' is not defined in a connection service file ("
                    + environment.getOrDefault("PGSERVICEFILE", "~/.pg_service.conf") + " or the system's"
                    + " pg_service.conf); define it there or give the connection in full.");
        }
        return entry;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static void putIfAbsent(Map<String, String> keywords, String keyword, String value) {
        if (value != null && !value.isBlank()) {
            keywords.putIfAbsent(keyword, value);
        }
    }

    private static void putIfPresent(Map<String, String> keywords, String keyword, String value) {
        if (value != null && !value.isBlank()) {
            keywords.put(keyword, value);
        }
    }
}
