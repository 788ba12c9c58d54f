package io.restoredrill.aws.publish;

import io.restoredrill.core.deployment.MetricNames;
import io.restoredrill.core.model.DrillReport;
import io.restoredrill.core.model.PhaseResult;
import java.time.Duration;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;
import software.amazon.lambda.powertools.metrics.provider.EmfMetricsProvider;
import software.amazon.lambda.powertools.metrics.provider.MetricsProvider;

/**
 * A drill's CloudWatch metrics in Embedded Metric Format, through Powertools' functional API: one
 * EMF document with the drill's metrics (dimension {@code Source}) and one per phase that ran
 * ({@code PhaseDurationSeconds}, dimensions {@code Source} and {@code Phase}).
 *
 * <p>The documents carry the time they are emitted (CloudWatch refuses metrics more than two hours
 * ahead or two weeks behind), which for Publish is right after the drill finished.
 *
 * <p>Each document comes from a fresh {@link Metrics} of the provider, never from Powertools'
 * {@code MetricsFactory}/{@code MetricsBuilder}, which keep one static instance per container:
 * this way nothing carries over between invocations and tests can capture the lines.
 */
public final class DrillMetrics {

    public static final String SOURCE = MetricNames.SOURCE;
    public static final String PHASE = MetricNames.PHASE;

    private final MetricsProvider provider;

    public DrillMetrics(MetricsProvider provider) {
        this.provider = provider;
    }

    /** Powertools' own EMF provider: in Lambda, the lines go to standard output, where CloudWatch reads them. */
    public static DrillMetrics standardOutput() {
        return new DrillMetrics(new EmfMetricsProvider());
    }

    public void emit(DrillReport report, String namespace) {
        String source = report.source().name();
        Metrics drill = document(report, namespace, DimensionSet.of(SOURCE, source));
        if (report.rto() != null) {
            drill.addMetric(MetricNames.RESTORE_TIME_SECONDS, seconds(report.rto()), MetricUnit.SECONDS);
        }
        if (report.totalDuration() != null) {
            drill.addMetric(MetricNames.DRILL_DURATION_SECONDS, seconds(report.totalDuration()), MetricUnit.SECONDS);
        }
        drill.addMetric(MetricNames.DRILL_PASSED, report.passed() ? 1 : 0, MetricUnit.COUNT);
        if (report.rpo() != null) {
            drill.addMetric(MetricNames.SNAPSHOT_AGE_SECONDS, seconds(report.rpo()), MetricUnit.SECONDS);
        }
        if (report.verification() != null) {
            drill.addMetric(MetricNames.ROWS_VERIFIED, report.rowsVerified(), MetricUnit.COUNT);
        }
        drill.flush();
        for (PhaseResult phase : report.phases()) {
            if (phase.duration() != null) {
                Metrics one = document(report, namespace,
                        DimensionSet.of(SOURCE, source, PHASE, phase.phase().displayName()));
                one.addMetric(MetricNames.PHASE_DURATION_SECONDS, seconds(phase.duration()), MetricUnit.SECONDS);
                one.flush();
            }
        }
    }

    private Metrics document(DrillReport report, String namespace, DimensionSet dimensions) {
        Metrics metrics = provider.getMetricsInstance();
        metrics.setNamespace(namespace);
        metrics.setDefaultDimensions(dimensions);
        metrics.addMetadata("drillId", report.drillId());
        return metrics;
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
