package io.restoredrill.local.publish;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.error.IoReason;
import io.restoredrill.core.error.PublishFailedException;
import io.restoredrill.local.log.DrillLogEntry;
import io.restoredrill.core.model.DrillReport;
import io.restoredrill.core.model.PhaseResult;
import io.restoredrill.core.model.PhaseStatus;
import io.restoredrill.core.verify.CheckResult;
import io.restoredrill.core.verify.CheckStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The last drill of a source as a Prometheus text file for node_exporter's textfile collector
 * ({@code --textfile-dir}): written whole under a temporary name, then renamed into place, one file per source.
 * A value that was not measured is left out, never written as 0. docs/scheduling.md lists the metrics.
 */
public final class MetricsTextfile {

    public static final String PREFIX = "restore_drill_";

    private MetricsTextfile() {
    }

    /** The file of one source's drills in {@code dir}. */
    public static Path file(Path dir, String source) {
        return dir.resolve(PREFIX + source + ".prom");
    }

    /** Plan's check: the collector's directory must exist and be writable (node_exporter owns it; we never create it). */
    public static void requireWritable(Path dir) {
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new InvalidInputException("--textfile-dir " + dir + " is not a writable directory; give the directory"
                    + " node_exporter's textfile collector reads (--collector.textfile.directory).");
        }
    }

    /**
     * @param lastSuccess the newest passed drill of this source in the drill log (this one, if it passed)
     * @throws PublishFailedException when the file cannot be written
     */
    public static void write(Path dir, DrillReport report, Optional<DrillLogEntry> lastSuccess) {
        writeFile(file(dir, report.source().name()), snapshots(report, lastSuccess),
                "; the report and the drill-log entry were written");
    }

    /**
     * Writes {@code metrics} to {@code target} whole: under a temporary name, then renamed into place, so the
     * collector never reads half a file.
     *
     * @param written what was done before, for the error ("; the report … were written")
     */
    public static void writeFile(Path target, MetricSnapshots metrics, String written) {
        Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                PrometheusTextFormatWriter.create().write(out, metrics);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the failure below is the one to report
            }
            throw new PublishFailedException("Cannot write the metrics textfile " + target + " (" + IoReason.of(e)
                    + ")" + written + ".", e);
        }
    }

    /** A gauge of one data point, named {@value #PREFIX}{@code name}. */
    public static GaugeSnapshot gauge(String name, String help, Labels labels, double value) {
        return GaugeSnapshot.builder().name(PREFIX + name).help(help).dataPoint(point(labels, value)).build();
    }

    public static MetricSnapshots snapshots(DrillReport report, Optional<DrillLogEntry> lastSuccess) {
        Labels source = Labels.of("source", report.source().name());
        List<MetricSnapshot> metrics = new ArrayList<>();
        metrics.add(gauge("last_run_timestamp_seconds", "When the last drill of this source finished.", source,
                seconds(report.finishedAt())));
        lastSuccess.ifPresent(entry -> metrics.add(gauge("last_success_timestamp_seconds",
                "When the last passed drill of this source finished.", source, seconds(entry.date()))));
        metrics.add(gauge("passed", "1 if the last drill passed, else 0.", source, report.passed() ? 1 : 0));
        if (report.rto() != null) {
            metrics.add(gauge("rto_seconds", "Recovery time of the last drill: Restore start to Verify end.", source,
                    seconds(report.rto())));
        }
        metrics.add(gauge("rto_budget_seconds", "The RTO budget.", source, seconds(report.budgets().rto())));
        if (report.rpo() != null) {
            metrics.add(gauge("rpo_seconds", "Age of the restored data when the last drill started.", source,
                    seconds(report.rpo())));
        }
        if (report.budgets().rpo() != null) {
            metrics.add(gauge("rpo_budget_seconds", "The RPO budget.", source, seconds(report.budgets().rpo())));
        }
        if (report.snapshot() != null && report.snapshot().takenAt() != null) {
            metrics.add(gauge("backup_timestamp_seconds", "When the restored backup was taken.", source,
                    seconds(report.snapshot().takenAt())));
        }
        if (report.verification() != null) {
            metrics.add(gauge("rows_verified", "Rows verified in the restored copy.", source, report.rowsVerified()));
        }
        GaugeSnapshot.Builder phases = GaugeSnapshot.builder().name(PREFIX + "phase_duration_seconds")
                .help("Duration of each phase of the last drill.");
        for (PhaseResult phase : report.phases()) {
            if (phase.status() != PhaseStatus.NOT_RUN && phase.duration() != null) {
                phases.dataPoint(point(source.add("phase", phase.phase().displayName()), seconds(phase.duration())));
            }
        }
        metrics.add(phases.build());
        if (report.verification() != null) {
            Map<CheckStatus, Long> counts = new EnumMap<>(CheckStatus.class);
            for (CheckStatus status : CheckStatus.values()) {
                counts.put(status, 0L);
            }
            for (CheckResult check : report.verification().checks()) {
                counts.merge(check.status(), 1L, Long::sum);
            }
            GaugeSnapshot.Builder checks = GaugeSnapshot.builder().name(PREFIX + "checks")
                    .help("Checks of the last drill, by status.");
            counts.forEach((status, count) -> checks.dataPoint(point(
                    source.add("status", status.name().toLowerCase(Locale.ROOT)), count)));
            metrics.add(checks.build());
        }
        return MetricSnapshots.of(metrics.toArray(MetricSnapshot[]::new));
    }

    private static GaugeDataPointSnapshot point(Labels labels, double value) {
        return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }

    private static double seconds(Instant instant) {
        return instant.toEpochMilli() / 1000.0;
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
