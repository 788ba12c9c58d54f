package io.restoredrill.infra.recovery;

import io.restoredrill.core.deployment.MetricNames;
import io.restoredrill.core.model.Phase;
import io.restoredrill.infra.Names;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Metric;

/**
 * The metrics Publish emits (EMF, namespace {@value Names#METRICS_NAMESPACE}): per source
 * RestoreTimeSeconds, DrillDurationSeconds, DrillPassed, SnapshotAgeSeconds, RowsVerified, and
 * PhaseDurationSeconds per source and phase.
 */
final class DrillMetrics {

    static final String SOURCE = MetricNames.SOURCE;
    static final String PHASE = MetricNames.PHASE;

    private DrillMetrics() {
    }

    static Metric ofSource(String name, String source, String statistic, Duration period) {
        return Metric.Builder.create()
                .namespace(Names.METRICS_NAMESPACE)
                .metricName(name)
                .dimensionsMap(Map.of(SOURCE, source))
                .statistic(statistic)
                .period(period)
                .build();
    }

    static Metric phaseDuration(String source, Phase phase, Duration period) {
        return Metric.Builder.create()
                .namespace(Names.METRICS_NAMESPACE)
                .metricName(MetricNames.PHASE_DURATION_SECONDS)
                .dimensionsMap(Map.of(SOURCE, source, PHASE, phase.displayName()))
                .statistic("Maximum")
                .period(period)
                .label(phase.displayName())
                .build();
    }
}
