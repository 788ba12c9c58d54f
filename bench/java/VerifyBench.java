import io.restoredrill.core.verify.CheckResult;
import io.restoredrill.core.verify.VerificationRequest;
import io.restoredrill.core.verify.VerificationResult;
import io.restoredrill.core.verify.VerificationRunner;
import io.restoredrill.core.verify.suite.VerificationSuite;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.Comparator;
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
        Properties props = new Properties();
        props.setProperty("user", args[1]);
        props.setProperty("password", System.getenv().getOrDefault("PGPASSWORD", ""));
        props.setProperty("sslmode", "disable");
        props.setProperty("ApplicationName", "restore-drill");
        if (System.getenv("BENCH_PG_OPTIONS") != null) {
            props.setProperty("options", System.getenv("BENCH_PG_OPTIONS")); // experiments only, e.g. -c jit=off
        }
        VerificationSuite suite = VerificationSuite.defaults();
        // In a drill, Plan has already connected (to the source) before Verify: pgjdbc is loaded
        // and its SCRAM code has run once. Do the same here, outside the measured time.
        DriverManager.getConnection(args[0], props).close();
        VerificationRunner runner = new VerificationRunner(() -> DriverManager.getConnection(args[0], props), suite);
        long started = System.nanoTime();
        VerificationResult result = runner.run(new VerificationRequest(Instant.now(), null, null, true, null));
        double seconds = (System.nanoTime() - started) / 1e9;
        if ("1".equals(System.getenv("BENCH_VERBOSE"))) {
            System.err.printf("parallelism %d, heapallindexed %s%n", suite.parallelism(), suite.heapAllIndexed());
            result.checks().stream().sorted(Comparator.comparing(CheckResult::duration).reversed())
                    .forEach(c -> System.err.printf("%8.3f s  %-16s %-8s %s%n", c.duration().toNanos() / 1e9,
                            c.kind().jsonName(), c.status(), c.name()));
        }
        System.out.printf("%.3f %d %d %d%n", seconds, result.inventory().totalRows(), result.checks().size(),
                result.failures().size());
        if (!result.passed()) {
            result.failures().forEach(f -> System.err.println("FAILED " + f.name() + ": " + f.detail()));
            System.exit(1);
        }
    }
}
