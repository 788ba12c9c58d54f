package io.restoredrill.core.postgres;

import io.restoredrill.core.error.EnvironmentException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A PostgreSQL cluster that exists for one drill: created with initdb, listening on 127.0.0.1 only
 * (no Unix socket), on a random free port, with a per-drill superuser password and SCRAM
 * authentication. {@link #close()} stops it at once; the caller deletes its directory.
 */
public final class ThrowawayCluster implements AutoCloseable {

    public static final String SUPERUSER = "drill";

    private static final int START_ATTEMPTS = 5;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final PgBinaries binaries;
    private final Path dataDir;
    private final String user;
    private final String password;
    private final int port;
    private volatile boolean running;

    private ThrowawayCluster(PgBinaries binaries, Path dataDir, String user, String password, int port) {
        this.binaries = binaries;
        this.dataDir = dataDir;
        this.user = user;
        this.password = password;
        this.port = port;
        this.running = true;
    }

    /**
     * Creates and starts a cluster in {@code dataDir}, which must not exist yet; its parent must
     * be traversable by the server user.
     */
    public static ThrowawayCluster start(PgBinaries binaries, Path dataDir, Instant deadline) {
        return start(binaries, dataDir, deadline, null);
    }

    /**
     * As {@link #start(PgBinaries, Path, Instant)}, also serving TLS with the given certificate
     * (still on loopback only; plain connections stay allowed).
     *
     * @param tls the server certificate and key, or {@code null} for no TLS
     */
    public static ThrowawayCluster start(PgBinaries binaries, Path dataDir, Instant deadline, ServerTls tls) {
        return start(binaries, dataDir, deadline, tls, ThrowawayCluster::freeLoopbackPort);
    }

    /**
     * @param ports where each start attempt listens; a port taken between choosing it and binding it
     *              (another program on this machine) costs one attempt
     */
    static ThrowawayCluster start(PgBinaries binaries, Path dataDir, Instant deadline, ServerTls tls,
                                  java.util.function.IntSupplier ports) {
        String password = Passwords.generate();
        initdb(binaries, dataDir, password, deadline);
        appendSettings(dataDir);
        if (tls != null) {
            enableTls(dataDir, tls);
        }
        return startServer(binaries, dataDir, SUPERUSER, password, deadline, ports);
    }

    /**
     * Starts a cluster in a data directory the caller prepared (a restored physical backup): its configuration
     * must already keep it on loopback, and {@code user} must be a superuser that logs in with {@code password}.
     */
    public static ThrowawayCluster adopt(PgBinaries binaries, Path dataDir, String user, String password, Instant deadline) {
        return startServer(binaries, dataDir, user, password, deadline, ThrowawayCluster::freeLoopbackPort);
    }

    /**
     * A handle on a server the caller starts itself in {@code dataDir} (a restored copy's WAL replay, which
     * {@code pg_ctl start -w} does not wait for), so that {@link #close()} stops it however the drill ends. It
     * takes no connections: it has no user or password.
     */
    public static ThrowawayCluster attach(PgBinaries binaries, Path dataDir) {
        return new ThrowawayCluster(binaries, dataDir, null, null, 0);
    }

    private static ThrowawayCluster startServer(PgBinaries binaries, Path dataDir, String user, String password,
                                                Instant deadline, java.util.function.IntSupplier ports) {
        String lastFailure = "";
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int port = ports.getAsInt();
            long logStart = logSize(dataDir);
            ProcessResult result = OsUser.serverRunner().run(List.of(
                    binaries.program("pg_ctl").toString(), "start", "-D", dataDir.toString(),
                    "-l", dataDir.resolve("server.log").toString(), "-w", "-t", "120", "-o", "-p " + port),
                    Map.of(), deadline);
            if (result.succeeded()) {
                return new ThrowawayCluster(binaries, dataDir, user, password, port);
            }
            // pg_ctl may have been stopped at the deadline after the server itself came up.
            new ThrowawayCluster(binaries, dataDir, user, password, port).close();
            lastFailure = result.timedOut() ? "start was stopped at the deadline" : startFailure(dataDir, logStart);
            if (!lastFailure.contains("could not bind") && !lastFailure.contains("already in use")) {
                break;
            }
        }
        throw new EnvironmentException("PostgreSQL in " + dataDir + " did not start: " + lastFailure + ".");
    }

    private static void initdb(PgBinaries binaries, Path dataDir, String password, Instant deadline) {
        Path parent = dataDir.toAbsolutePath().getParent();
        Path passwordFile = parent.resolve(dataDir.getFileName() + ".pwfile");
        OsUser.requireReachableByServerUser(dataDir, "the cluster");
        try {
            OsUser.createPrivateDirectory(dataDir);
            Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
            OsUser.giveToServerUser(passwordFile);
            ProcessResult result = OsUser.serverRunner().run(List.of(
                    binaries.program("initdb").toString(), "-D", dataDir.toString(), "-U", SUPERUSER,
                    "--pwfile=" + passwordFile, "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8",
                    "--no-sync", "--no-instructions"), Map.of(), deadline);
            if (!result.succeeded()) {
                throw new EnvironmentException("initdb could not create a cluster in " + dataDir + ": "
                        + (result.timedOut() ? "timed out" : result.reason()) + ".");
            }
        } catch (IOException e) {
            throw new EnvironmentException("Cannot prepare a cluster directory at " + dataDir + ": " + e.getMessage()
                    + "; check the work directory is writable.", e);
        } finally {
            try {
                Files.deleteIfExists(passwordFile);
            } catch (IOException e) {
                // Parent directory removal during cleanup takes it with it.
            }
        }
    }

    private static void appendSettings(Path dataDir) {
        String settings = """

                # restore-drill: a throwaway cluster reachable on loopback only
                listen_addresses = '127.0.0.1'
                unix_socket_directories = ''
                logging_collector = off
                """;
        try {
            Files.writeString(dataDir.resolve("postgresql.conf"), settings, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server refuses a key others can read, and runs as its own user: it gets private copies of both files. */
    private static void enableTls(Path dataDir, ServerTls tls) {
        try {
            copyForServer(tls.certificate(), dataDir.resolve("server.crt"));
            copyForServer(tls.privateKey(), dataDir.resolve("server.key"));
            Files.writeString(dataDir.resolve("postgresql.conf"), """

                    ssl = on
                    ssl_cert_file = 'server.crt'
                    ssl_key_file = 'server.key'
                    """, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new EnvironmentException("Cannot set up TLS for the cluster in " + dataDir + ": " + e.getMessage() + ".", e);
        }
    }

    private static void copyForServer(Path from, Path to) throws IOException {
        Files.copy(from, to);
        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-------"));
        OsUser.giveToServerUser(to);
    }

    /** A TCP port free on 127.0.0.1 now; another program may take it before a server binds it. */
    public static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new EnvironmentException("No free TCP port on 127.0.0.1: " + e.getMessage() + ".", e);
        }
    }

    private static long logSize(Path dataDir) {
        try {
            return Files.exists(dataDir.resolve("server.log")) ? Files.size(dataDir.resolve("server.log")) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * The line of this attempt's server log that says why the server did not start: a port another
     * program holds ("could not bind …"), else the first FATAL or PANIC, else the last line. The
     * server's final "database system is shut down" says nothing.
     */
    private static String startFailure(Path dataDir, long from) {
        try {
            byte[] log = Files.readAllBytes(dataDir.resolve("server.log"));
            List<String> lines = new String(log, (int) Math.min(from, log.length), (int) Math.max(0, log.length - from),
                    StandardCharsets.UTF_8).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            return lines.stream().filter(l -> l.contains("could not bind")).findFirst()
                    .or(() -> lines.stream().filter(l -> l.contains("FATAL:") || l.contains("PANIC:")).findFirst())
                    .or(() -> lines.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(lines.get(lines.size() - 1)))
                    .map(l -> l.replaceFirst("^.*?(LOG|FATAL|PANIC|ERROR):\\s+", ""))
                    .orElse("no server log");
        } catch (IOException e) {
            return "no server log";
        }
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public PgBinaries binaries() {
        return binaries;
    }

    /** The superuser the drill connects as: {@value #SUPERUSER}, or the one made for an adopted data directory. */
    public String user() {
        return user;
    }

    /** The superuser's password; hand it only to child processes' environments and JDBC. */
    public String password() {
        return password;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + java.net.URLEncoder.encode(database, java.nio.charset.StandardCharsets.UTF_8);
    }

    public Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("sslmode", "disable");
        props.setProperty("ApplicationName", "restore-drill");
        return DriverManager.getConnection(jdbcUrl(database), props);
    }

    /** Environment for libpq clients (pg_restore, psql) talking to this cluster. */
    public Map<String, String> clientEnvironment() {
        return Map.of("PGHOST", "127.0.0.1", "PGPORT", Integer.toString(port), "PGUSER", user,
                "PGPASSWORD", password, "PGSSLMODE", "disable", "PGAPPNAME", "restore-drill");
    }

    public boolean running() {
        return running;
    }

    /**
     * Stops the server: an immediate shutdown, then a kill of the postmaster. Idempotent. Its data
     * directory is deleted next, so the shutdown checkpoint of a fast shutdown (writing and fsyncing
     * every page the restore and the verification dirtied, most of a second per few hundred MB)
     * would be wasted work.
     */
    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        Instant deadline = Instant.now().plus(STOP_TIMEOUT);
        ProcessResult result = OsUser.serverRunner().run(List.of(binaries.program("pg_ctl").toString(), "stop",
                "-D", dataDir.toString(), "-m", "immediate", "-w", "-t", "30"), Map.of(), deadline);
        if (!result.succeeded() && Files.exists(dataDir.resolve("postmaster.pid"))) {
            killPostmaster();
        }
        running = false;
    }

    private void killPostmaster() {
        try {
            String pid = Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip();
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(handle -> {
                handle.descendants().forEach(ProcessHandle::destroyForcibly);
                handle.destroyForcibly();
            });
        } catch (IOException | RuntimeException e) {
            // Nothing left to kill.
        }
    }
}
