package io.restoredrill.local.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.restoredrill.core.model.DrillReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrillLogConcurrencyTest {

    private static final int DRILLS = 8;

    @TempDir
    Path dir;

    @Test
    void concurrentAppendsFormOneValidChain() throws Exception {
        // GIVEN eight finished drills, each with its own DrillLog on the same directory
        List<DrillReport> reports = IntStream.rangeClosed(1, DRILLS)
                .mapToObj(i -> DrillReports.passed("d" + i, "demo", 1000 + i)).toList();
        List<Path> reportFiles = reports.stream().map(r -> DrillReports.write(r, dir)).toList();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(DRILLS);

        // WHEN all eight append at the same moment
        List<Future<DrillLogEntry>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < DRILLS; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return new DrillLog(dir).append(reports.get(n), reportFiles.get(n), "thread-" + n);
                }));
            }
            start.countDown();
            for (Future<DrillLogEntry> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        // THEN the log holds one valid chain of eight entries, seq 1..8, one per drill
        DrillLog log = new DrillLog(dir);
        LogVerification verification = log.verify();
        assertThat(verification.problems()).isEmpty();
        assertThat(verification.ok()).isTrue();
        assertThat(verification.entries()).isEqualTo(DRILLS);
        assertThat(log.entries()).extracting(DrillLogEntry::seq)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, DRILLS).mapToObj(Long::valueOf).toList());
        assertThat(log.entries()).extracting(DrillLogEntry::drillId)
                .containsExactlyInAnyOrderElementsOf(reports.stream().map(DrillReport::drillId).toList());
    }

    @Test
    void appendsFromSeparateProcessesFormOneValidChain() throws Exception {
        // GIVEN two JVMs that each append four drills to the same directory
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        for (String name : List.of("p", "q")) {
            processes.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    AppendMain.class.getName(), dir.toString(), name, "4")
                    .inheritIO().start());
        }

        // WHEN both have finished
        for (Process process : processes) {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
        }

        // THEN the file lock kept the chain whole: eight entries, seq 1..8
        DrillLog log = new DrillLog(dir);
        LogVerification verification = log.verify();
        assertThat(verification.problems()).isEmpty();
        assertThat(verification.entries()).isEqualTo(8);
        assertThat(log.entries()).extracting(DrillLogEntry::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    }

    /** Appends {@code count} drills named {@code <prefix><n>} to the log in {@code dir}. */
    public static final class AppendMain {
        public static void main(String[] args) {
            Path dir = Path.of(args[0]);
            for (int i = 1; i <= Integer.parseInt(args[2]); i++) {
                DrillReport report = DrillReports.passed(args[1] + i, "demo", 1000 + i);
                new DrillLog(dir).append(report, DrillReports.write(report, dir), args[1]);
            }
        }
    }
}
