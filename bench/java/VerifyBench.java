import io.restoredrill.core.verify.CheckResult;
import io.restoredrill.core.verify.SourceCatalog;
import io.restoredrill.core.verify.VerificationRequest;
import io.restoredrill.core.verify.VerificationResult;
import io.restoredrill.core.verify.VerificationRunner;
import io.restoredrill.core.verify.schema.SchemaComparison;
import io.restoredrill.core.verify.schema.SchemaReader;
import io.restoredrill.core.verify.suite.SuiteLoader;
import io.restoredrill.core.verify.suite.VerificationSuite;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;

/**
 * The verification benchmark's candidate: the zero-config verification, exactly as {@code drill local}
 * runs it on the restored copy (default suite, amcheck may be installed, no source inventory, no
 * previous drill), against one database.
 *
 * <p>Usage: {@code java VerifyBench JDBC_URL USER}; the password is read from {@code PGPASSWORD}.
 * {@code java VerifyBench --settings} prints the default suite's parallelism and heapallindexed.
 * Prints one line to stdout: {@code seconds rows checks failed}, where seconds is the time of
 * {@link VerificationRunner#run} alone, after one connection was opened and closed as a drill's Plan
 * phase does (the JVM's start and that first connection are measured by the caller). With
 * {@code BENCH_VERBOSE=1}, every check and its duration goes to stderr, slowest first.
 *
 * <p>{@code BENCH_CONTENT_HASH=text} runs the same verification with the suite's {@code contentHash: text}: every table
 * hashed by its text form, as verification did before typed hashing (the side the typed hash is measured against).
 *
 * <p>{@code BENCH_SCHEMA} selects one side of the schema-fidelity benchmark ({@code bench/schema-fidelity.sh})
 * instead of the default above:
 * <ul>
 *   <li>{@code without}: the default suite with the schema inventory off ({@code schema: false}) and no source
 *       catalog, i.e. Verify as it was before the schema comparison existed;</li>
 *   <li>{@code with}: first, outside the measured time, the source's catalog is read from the same database as a
 *       drill's Snapshot reads it ({@link SourceCatalog#read} in a repeatable-read, read-only transaction, then
 *       {@link SourceCatalog.Reading#afterDump}); then the default suite (schema on) runs with that catalog and
 *       {@code ownershipRestored}, so every default comparison runs (the database is compared with itself: no
 *       check may fail). Afterwards, also outside the measured time, {@link SchemaReader#read} alone is timed
 *       once on a fresh connection.</li>
 * </ul>
 * The line printed then has two more fields for {@code with}: {@code seconds rows checks failed catalogSeconds
 * schemaReadSeconds} (the catalog read and the schema read alone, each without its connection's login). With
 * {@code BENCH_VERBOSE=1}, the source catalog read and the schema read alone print each of their queries to stderr
 * with its seconds (to the last row fetched) and row count (the catalog's exact counts as one total; the catalog's
 * seconds then include this bookkeeping), and the comparison with the source is timed once more on its own.
 */
public final class VerifyBench {

    public static void main(String[] args) throws java.sql.SQLException {
        if (args.length == 1 && args[0].equals("--settings")) {
            VerificationSuite defaults = VerificationSuite.defaults();
            System.out.println(defaults.parallelism() + " " + defaults.heapAllIndexed());
            return;
        }
        if (args.length != 2) {
            System.err.println("usage: VerifyBench JDBC_URL USER (password in PGPASSWORD)");
            System.exit(2);
        }
        Properties props = BenchConnections.properties(args[1]);
        if (System.getenv("BENCH_PG_OPTIONS") != null) {
            props.setProperty("options", System.getenv("BENCH_PG_OPTIONS")); // experiments only, e.g. -c jit=off
        }
        String mode = System.getenv().getOrDefault("BENCH_SCHEMA", "");
        if (!mode.isEmpty() && !mode.equals("with") && !mode.equals("without")) {
            System.err.println("BENCH_SCHEMA must be with or without, got " + mode);
            System.exit(2);
        }
        String contentHash = System.getenv().getOrDefault("BENCH_CONTENT_HASH", "typed");
        VerificationSuite suite = SuiteLoader.parse((mode.equals("without") ? "schema: false\n" : "")
                + "contentHash: " + contentHash + "\n", "bench");
        // In a drill, Plan has already connected (to the source) before Verify: pgjdbc is loaded
        // and its SCRAM code has run once. Do the same here, outside the measured time.
        DriverManager.getConnection(args[0], props).close();
        SourceCatalog catalog = null;
        double catalogSeconds = 0;
        if (mode.equals("with")) {
            // As a drill's Snapshot does: inside repeatable-read, read-only transactions (a drill's share one exported
            // snapshot; nothing changes here while it runs), then the sequences again.
            boolean verbose = "1".equals(System.getenv("BENCH_VERBOSE"));
            if (verbose) {
                System.err.println("source catalog, in the snapshot:");
            }
            io.restoredrill.core.verify.ConnectionSource inSnapshot = () -> {
                Connection connection = DriverManager.getConnection(args[0], props);
                connection.setAutoCommit(false);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                }
                return verbose ? timed(connection) : connection;
            };
            // As in a drill, the connection that exported the snapshot reads the catalog and, after the dump, the
            // sequences again; it is opened inside the measured time, as a drill opens it only for this.
            long catalogStarted = System.nanoTime();
            try (Connection exporting = inSnapshot.open()) {
                SourceCatalog.Reading reading = SourceCatalog.read(exporting, inSnapshot);
                catalog = reading.afterDump(exporting);
            }
            catalogSeconds = (System.nanoTime() - catalogStarted) / 1e9;
            if (verbose) {
                System.err.printf("%8.3f s %7d exact counts (SELECT count(*) FROM ONLY …), in all%n", countSeconds, counts);
                System.err.printf("%8.3f s  the source catalog read, in all%n", catalogSeconds);
            }
        }
        long rangeBlocks = Long.parseLong(System.getenv().getOrDefault("BENCH_RANGE_BLOCKS",
                String.valueOf(VerificationRunner.DEFAULT_RANGE_BLOCKS))); // experiments only
        VerificationRunner runner = new VerificationRunner(() -> DriverManager.getConnection(args[0], props), suite,
                rangeBlocks);
        long started = System.nanoTime();
        VerificationResult result = runner.run(catalog == null
                ? new VerificationRequest(Instant.now(), null, null, true, null)
                : new VerificationRequest(Instant.now(), null, null, true, null, null, catalog, true));
        double seconds = (System.nanoTime() - started) / 1e9;
        double schemaReadSeconds = 0;
        if (mode.equals("with")) {
            try (Connection connection = DriverManager.getConnection(args[0], props)) {
                boolean verbose = "1".equals(System.getenv("BENCH_VERBOSE"));
                if (verbose) {
                    System.err.println("schema read alone, on a fresh connection:");
                }
                long readStarted = System.nanoTime();
                SchemaReader.read(verbose ? timed(connection) : connection);
                schemaReadSeconds = (System.nanoTime() - readStarted) / 1e9;
            }
        }
        if ("1".equals(System.getenv("BENCH_VERBOSE"))) {
            System.err.printf("parallelism %d, heapallindexed %s%n", suite.parallelism(), suite.heapAllIndexed());
            if (catalog != null && result.schema() != null) {
                long compareStarted = System.nanoTime();
                SchemaComparison.againstSource(result.schema(), catalog.schema(), true);
                System.err.printf("%8.3f s  the schema comparison with the source alone, once more (%d objects)%n",
                        (System.nanoTime() - compareStarted) / 1e9, result.schema().objects().size());
            }
            result.checks().stream().sorted(Comparator.comparing(CheckResult::duration).reversed())
                    .forEach(c -> System.err.printf("%8.3f s  %-16s %-8s %s%n", c.duration().toNanos() / 1e9,
                            c.kind().jsonName(), c.status(), c.name()));
        }
        if (mode.equals("with")) {
            System.out.printf("%.3f %d %d %d %.3f %.3f%n", seconds, result.inventory().totalRows(),
                    result.checks().size(), result.failures().size(), catalogSeconds, schemaReadSeconds);
        } else {
            System.out.printf("%.3f %d %d %d%n", seconds, result.inventory().totalRows(), result.checks().size(),
                    result.failures().size());
        }
        if (!result.passed()) {
            result.failures().forEach(f -> System.err.println("FAILED " + f.name() + ": " + f.detail()));
            System.exit(1);
        }
    }

    private static int counts;
    private static double countSeconds;

    /** The connection, with each query's time (execution and fetching every row) and row count printed to stderr. */
    private static Connection timed(Connection connection) {
        return (Connection) Proxy.newProxyInstance(VerifyBench.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    Object result = invoke(connection, method, args);
                    if (result instanceof Statement statement) {
                        return timed(statement, method.getName().equals("prepareStatement") ? (String) args[0] : null);
                    }
                    return result;
                });
    }

    private static Object timed(Statement statement, String prepared) {
        Class<?> type = statement instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
        return Proxy.newProxyInstance(VerifyBench.class.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (!method.getName().equals("executeQuery")) {
                return invoke(statement, method, args);
            }
            String sql = args == null ? prepared : (String) args[0];
            long started = System.nanoTime();
            ResultSet rows = (ResultSet) invoke(statement, method, args);
            List<Object[]> fetched = new ArrayList<>();
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                Object[] row = new Object[columns];
                for (int i = 0; i < columns; i++) {
                    row[i] = rows.getObject(i + 1);
                }
                fetched.add(row);
            }
            rows.close();
            if (sql.startsWith("SELECT count(*) FROM ONLY ")) {
                counts++;
                countSeconds += (System.nanoTime() - started) / 1e9;
                return replay(fetched, columns);
            }
            String oneLine = sql.replaceAll("\\s+", " ");
            System.err.printf("%8.3f s %7d rows  %s%n", (System.nanoTime() - started) / 1e9, fetched.size(),
                    oneLine.substring(0, Math.min(110, oneLine.length())));
            return replay(fetched, columns);
        });
    }

    /** A result set over rows already fetched (only what SchemaReader calls: next and the getters by index). */
    private static ResultSet replay(List<Object[]> rows, int columns) {
        int[] at = {-1};
        return (ResultSet) Proxy.newProxyInstance(VerifyBench.class.getClassLoader(), new Class<?>[] {ResultSet.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "next" -> ++at[0] < rows.size();
                    case "close" -> null;
                    case "getString" -> {
                        Object value = rows.get(at[0])[(Integer) args[0] - 1];
                        yield value == null ? null : value.toString();
                    }
                    case "getBoolean" -> Boolean.TRUE.equals(rows.get(at[0])[(Integer) args[0] - 1]);
                    case "getLong" -> {
                        Object value = rows.get(at[0])[(Integer) args[0] - 1];
                        yield value == null ? 0L : ((Number) value).longValue();
                    }
                    case "getObject" -> {
                        Object value = rows.get(at[0])[(Integer) args[0] - 1];
                        if (args.length == 2 && args[1] == Long.class && value != null) {
                            yield ((Number) value).longValue();
                        }
                        yield value;
                    }
                    default -> throw new UnsupportedOperationException("replayed ResultSet." + method.getName());
                });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
