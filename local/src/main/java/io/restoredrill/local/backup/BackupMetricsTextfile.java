package io.restoredrill.local.backup;

import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.restoredrill.local.existing.BackupLayout;
import io.restoredrill.local.publish.MetricsTextfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Each database's last {@code drill backup} as a Prometheus text file for node_exporter's textfile collector
 * ({@code --textfile-dir}), one file per database, so that "the nightly backup stopped succeeding" can alert. The
 * last success's time survives a failed night: it is read back from the file the last run wrote.
 */
final class BackupMetricsTextfile {

    static final String NAME = "backup_";
    private static final String LAST_SUCCESS = NAME + "last_success_timestamp_seconds";
    private static final Pattern LAST_SUCCESS_LINE = Pattern.compile("^" + MetricsTextfile.PREFIX + LAST_SUCCESS
            + "\\{[^}]*}\\s+(\\S+)\\s*$", Pattern.MULTILINE);

    private BackupMetricsTextfile() {
    }

    static Path file(Path dir, String database) {
        return dir.resolve(MetricsTextfile.PREFIX + NAME + BackupLayout.folder(database) + ".prom");
    }

    /**
     * @param stored what was stored, or empty when the backup failed
     */
    static void write(Path dir, String database, Instant finishedAt, Duration took,
                      Optional<DatabaseBackup.Stored> stored, int pruned) {
        Path target = file(dir, database);
        Labels labels = Labels.of("database", database);
        List<MetricSnapshot> metrics = new ArrayList<>();
        metrics.add(MetricsTextfile.gauge(NAME + "last_run_timestamp_seconds", "When the last backup of this database"
                + " finished.", labels, seconds(finishedAt)));
        Optional<Double> lastSuccess = stored.isPresent() ? Optional.of(seconds(finishedAt)) : previousSuccess(target);
        lastSuccess.ifPresent(value -> metrics.add(MetricsTextfile.gauge(LAST_SUCCESS, "When the last successful backup"
                + " of this database finished.", labels, value)));
        metrics.add(MetricsTextfile.gauge(NAME + "success", "1 if the last backup succeeded, else 0.", labels,
                stored.isPresent() ? 1 : 0));
        metrics.add(MetricsTextfile.gauge(NAME + "duration_seconds", "How long the last backup took: dump, scan,"
                + " encryption, upload and pruning.", labels, took.toMillis() / 1000.0));
        stored.ifPresent(backup -> {
            metrics.add(MetricsTextfile.gauge(NAME + "snapshot_timestamp_seconds", "When the last stored backup's"
                    + " snapshot was taken.", labels, seconds(backup.takenAt())));
            metrics.add(MetricsTextfile.gauge(NAME + "bytes", "Size of the last stored backup, encrypted.", labels,
                    backup.bytes()));
            metrics.add(MetricsTextfile.gauge(NAME + "rows", "Rows the last backup's manifest records.", labels,
                    backup.rows()));
            metrics.add(MetricsTextfile.gauge(NAME + "tables", "Tables the last backup's manifest records.", labels,
                    backup.tables()));
            metrics.add(MetricsTextfile.gauge(NAME + "pruned", "Older backups the last run pruned.", labels, pruned));
        });
        MetricsTextfile.writeFile(target, MetricSnapshots.of(metrics.toArray(MetricSnapshot[]::new)),
                stored.isPresent() ? "; the backup was stored" : "");
    }

    private static Optional<Double> previousSuccess(Path file) {
        try {
            Matcher matcher = LAST_SUCCESS_LINE.matcher(Files.readString(file));
            return matcher.find() ? Optional.of(Double.parseDouble(matcher.group(1))) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static double seconds(Instant instant) {
        return instant.toEpochMilli() / 1000.0;
    }
}
