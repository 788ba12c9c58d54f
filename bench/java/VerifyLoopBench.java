import io.restoredrill.core.json.Json;
import io.restoredrill.core.verify.Checkpoint;
import io.restoredrill.core.verify.VerificationProgress;
import io.restoredrill.core.verify.VerificationRequest;
import io.restoredrill.core.verify.VerificationResult;
import io.restoredrill.core.verify.VerificationRunner;
import io.restoredrill.core.verify.suite.VerificationSuite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The Verify loop's benchmark (bench/verify-loop.sh): the zero-config verification of one database run whole
 * ({@link VerificationRunner#run}) against the same verification run in slices as the AWS engine runs it
 * ({@link VerificationRunner#runSlice} until done, each slice a new runner and new connections, the progress through
 * JSON between slices, as it goes through the evidence bucket), alternating within each run.
 *
 * <p>Usage: {@code java VerifyLoopBench JDBC_URL USER POSTMASTER_PID_FILE} (password in {@code PGPASSWORD});
 * {@code BENCH_RUNS}, {@code BENCH_WARMUP}, {@code BENCH_SLICE_SECONDS} (1), {@code BENCH_RANGE_BLOCKS} (2048).
 * Prints one line per measured run: {@code wholeSeconds slicedSeconds slices rows wholeServerCpu slicedServerCpu
 * bytes}, where the server CPU is the CPU seconds of the backends each side used (the postmaster's reaped children).
 */
public final class VerifyLoopBench {

    private final String url;
    private final Properties props;
    private final Path postmasterPid;

    private VerifyLoopBench(String url, Properties props, Path postmasterPid) {
        this.url = url;
        this.props = props;
        this.postmasterPid = postmasterPid;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: VerifyLoopBench JDBC_URL USER POSTMASTER_PID_FILE (password in PGPASSWORD)");
            System.exit(2);
        }
        Properties props = BenchConnections.properties(args[1]);
        new VerifyLoopBench(args[0], props, Path.of(args[2])).measure(
                Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUP", "1")),
                Integer.parseInt(System.getenv().getOrDefault("BENCH_RUNS", "5")),
                Duration.ofMillis((long) (1000 * Double.parseDouble(System.getenv().getOrDefault("BENCH_SLICE_SECONDS", "1")))),
                Long.parseLong(System.getenv().getOrDefault("BENCH_RANGE_BLOCKS", "2048")));
    }

    private record Side(double seconds, int slices, long rows, double serverCpu) {
    }

    private void measure(int warmup, int runs, Duration slice, long rangeBlocks) throws Exception {
        long bytes;
        try (Connection connection = DriverManager.getConnection(url, props);
             Statement statement = connection.createStatement();
             ResultSet size = statement.executeQuery("SELECT pg_database_size(current_database())")) {
            size.next();
            bytes = size.getLong(1);
        }
        for (int i = 1 - warmup; i <= runs; i++) {
            Side whole;
            Side sliced;
            // Odd runs whole first, even runs sliced first: both see the same cache states.
            if (i % 2 != 0) {
                whole = whole(rangeBlocks);
                sliced = sliced(rangeBlocks, slice);
            } else {
                sliced = sliced(rangeBlocks, slice);
                whole = whole(rangeBlocks);
            }
            if (whole.rows() != sliced.rows()) {
                throw new IllegalStateException("the sliced verification counted " + sliced.rows() + " rows, the whole one "
                        + whole.rows());
            }
            System.err.printf(Locale.ROOT, "%s: whole %.3f s, sliced %.3f s in %d slices%n", i < 1 ? "warm-up" : "run " + i,
                    whole.seconds(), sliced.seconds(), sliced.slices());
            if (i >= 1) {
                System.out.printf(Locale.ROOT, "%.3f %.3f %d %d %.2f %.2f %d%n", whole.seconds(), sliced.seconds(),
                        sliced.slices(), whole.rows(), whole.serverCpu(), sliced.serverCpu(), bytes);
            }
        }
    }

    private VerificationRunner runner(long rangeBlocks) {
        return new VerificationRunner(() -> DriverManager.getConnection(url, props), VerificationSuite.defaults(), rangeBlocks);
    }

    private static VerificationRequest request() {
        return new VerificationRequest(Instant.EPOCH, null, null, true, null);
    }

    private Side whole(long rangeBlocks) throws Exception {
        double cpu = serverCpu();
        long started = System.nanoTime();
        VerificationResult result = runner(rangeBlocks).run(request());
        double seconds = (System.nanoTime() - started) / 1e9;
        requirePassed(result);
        return new Side(seconds, 1, result.inventory().totalRows(), serverCpuSince(cpu));
    }

    private Side sliced(long rangeBlocks, Duration slice) throws Exception {
        double cpu = serverCpu();
        long started = System.nanoTime();
        VerificationProgress progress = null;
        int slices = 0;
        do {
            // Each slice as a new invocation: a new runner and pool, the progress read back from its JSON.
            VerificationProgress done = runner(rangeBlocks).runSlice(progress, request(), Instant.now().plus(slice),
                    Checkpoint.NONE);
            progress = Json.mapper().readValue(Json.mapper().writeValueAsBytes(done), VerificationProgress.class);
            slices++;
        } while (!progress.finished());
        VerificationResult result = runner(rangeBlocks).finish(progress, request());
        double seconds = (System.nanoTime() - started) / 1e9;
        requirePassed(result);
        return new Side(seconds, slices, result.inventory().totalRows(), serverCpuSince(cpu));
    }

    private static void requirePassed(VerificationResult result) {
        if (!result.passed()) {
            throw new IllegalStateException("the benchmark's verification failed: " + result.failures());
        }
    }

    /** CPU seconds of the server's exited backends, once the side's backends have exited. */
    private double serverCpuSince(double before) throws SQLException, IOException, InterruptedException {
        try (Connection connection = DriverManager.getConnection(url, props); Statement statement = connection.createStatement()) {
            for (int i = 0; i < 50; i++) {
                try (ResultSet left = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE backend_type IN"
                        + " ('client backend', 'parallel worker') AND pid <> pg_backend_pid()")) {
                    left.next();
                    if (left.getLong(1) == 0) {
                        break;
                    }
                }
                Thread.sleep(100);
            }
        }
        return serverCpu() - before;
    }

    /** cutime + cstime of the postmaster: the CPU its reaped children (backends) used. */
    private double serverCpu() throws IOException {
        String pid = Files.readAllLines(postmasterPid).get(0).trim();
        String stat = Files.readString(Path.of("/proc", pid, "stat"));
        List<String> fields = new ArrayList<>(List.of(stat.substring(stat.lastIndexOf(')') + 2).split(" ")));
        // Fields after the command: index 0 is field 3 (state); cutime and cstime are fields 16 and 17.
        long ticks = Long.parseLong(fields.get(13)) + Long.parseLong(fields.get(14));
        return ticks / 100.0;
    }
}
