package io.restoredrill.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.restoredrill.core.model.Budgets;
import io.restoredrill.core.model.DrillReport;
import io.restoredrill.core.model.Phase;
import io.restoredrill.core.model.PhaseResult;
import io.restoredrill.core.model.PhaseStatus;
import io.restoredrill.core.run.ProgressListener;
import io.restoredrill.local.plan.DemoSource;
import io.restoredrill.local.snapshot.Manifest;
import io.restoredrill.testing.PostgresFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dump file damaged at the recovery location between Copy and Restore must fail the drill with a
 * checksum message and leave nothing behind. The damage is done by a progress listener that runs
 * when Copy ends: the same moment a failing disk or a meddling hand would strike.
 */
class CorruptedCopyTest {

    @TempDir
    Path tmp;

    @Test
    void aByteFlippedAtTheRecoveryLocationFailsTheDrillWithAChecksumMessage() throws IOException {
        // GIVEN a demo drill copying to a directory, and a listener that flips one byte of the
        // largest dump file there as soon as Copy has finished
        PostgresFixture.reachableByServer(tmp);
        Path recovery = Files.createDirectories(tmp.resolve("recovery"));
        Path work = Files.createDirectories(tmp.resolve("work"));
        String[] damaged = new String[1];
        ProgressListener saboteur = new ProgressListener() {
            @Override
            public void phaseStarted(Phase phase, Duration budget) {
            }

            @Override
            public void phaseFinished(PhaseResult result) {
                if (result.phase() == Phase.COPY && result.status() == PhaseStatus.PASSED) {
                    damaged[0] = flipOneByteOfLargestDumpFile(recovery);
                }
            }
        };
        LocalDrillOptions options = new LocalDrillOptions(Optional.empty(), Optional.empty(), Optional.empty(), DemoSource.suite(), false,
                Budgets.defaults(), 2, Optional.of(recovery.toString()), Optional.empty(), List.of(), Optional.empty(),
                Optional.empty(), tmp.resolve("out"), work, false, false, false, false, Optional.empty(), "test");

        // WHEN the drill runs
        DrillOutcome outcome = new LocalDrill(options, saboteur, Clock.systemUTC()).run();

        // THEN Restore fails naming the damaged file and the checksum, the drill is FAILED, and
        // Cleanup removed the clusters, the work directory and the drill's copy
        DrillReport report = outcome.report();
        assertThat(damaged[0]).isNotNull();
        assertThat(report.passed()).isFalse();
        PhaseResult restore = report.phases().stream().filter(p -> p.phase() == Phase.RESTORE).findFirst().orElseThrow();
        assertThat(restore.status()).isEqualTo(PhaseStatus.FAILED);
        assertThat(restore.detail()).contains(damaged[0]).containsIgnoringCase("sha-256");
        assertThat(report.failureReason()).isEqualTo(restore.detail());
        assertThat(report.phases()).filteredOn(p -> p.phase() == Phase.VERIFY)
                .extracting(PhaseResult::status).containsExactly(PhaseStatus.NOT_RUN);
        assertThat(report.phases()).filteredOn(p -> p.phase() == Phase.CLEANUP)
                .extracting(PhaseResult::status).containsExactly(PhaseStatus.PASSED);
        assertThat(outcome.reportFiles().json()).exists();
        try (Stream<Path> left = Files.list(work); Stream<Path> copies = Files.list(recovery)) {
            assertThat(left.toList()).isEmpty();
            assertThat(copies.toList()).isEmpty();
        }
        assertThat(ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
                .filter(cmd -> cmd.contains(work.toString())).toList()).isEmpty();
    }

    private static String flipOneByteOfLargestDumpFile(Path recovery) {
        try (Stream<Path> files = Files.walk(recovery)) {
            Path largest = files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().equals(Manifest.FILE_NAME))
                    .max((a, b) -> Long.compare(a.toFile().length(), b.toFile().length())).orElseThrow();
            byte[] bytes = Files.readAllBytes(largest);
            bytes[bytes.length / 2] ^= 0x01;
            Files.write(largest, bytes, StandardOpenOption.TRUNCATE_EXISTING);
            return largest.getFileName().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
