package io.restoredrill.infra.recovery;

import io.restoredrill.core.deployment.MetricNames;
import io.restoredrill.core.model.Phase;
import io.restoredrill.infra.Names;
import io.restoredrill.infra.config.DrillConfig.Source;
import io.restoredrill.infra.config.DrillConfig;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.GraphWidgetView;
import software.amazon.awscdk.services.cloudwatch.HorizontalAnnotation;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.YAxisProps;
import software.constructs.Construct;

/** One dashboard: the RTO trend against its budget, phase durations, pass/fail history, RPO and alarm states. */
public final class DrillDashboard extends Construct {

    /** The workflow's phases; Download and Decrypt belong to drills of existing backups on the local engine. */
    private static final List<Phase> WORKFLOW_PHASES = List.of(Phase.PLAN, Phase.SNAPSHOT, Phase.COPY, Phase.RESTORE,
            Phase.CREDENTIALS, Phase.VERIFY, Phase.PUBLISH, Phase.CLEANUP);

    static final Duration PERIOD = Duration.days(1);

    DrillDashboard(Construct scope, String id, DrillConfig config, DrillStateMachines machines, List<? extends IAlarm> alarms) {
        super(scope, id);
        List<Source> sources = config.sources();
        List<IWidget> rows = new ArrayList<>();
        rows.add(GraphWidget.Builder.create()
                .title("RTO (restore start to verification end) against the budget of " + config.budgets().rto())
                .left(sources.stream().map(s -> (IMetric) DrillMetrics.ofSource(MetricNames.RESTORE_TIME_SECONDS, s.identifier(),
                        "Maximum", PERIOD).with(labelled(s))).toList())
                .leftAnnotations(List.of(HorizontalAnnotation.builder().value(config.rto().toSeconds())
                        .label("RTO budget").build()))
                .leftYAxis(YAxisProps.builder().min(0).label("seconds").showUnits(false).build())
                .width(24).height(6)
                .build());
        for (Source source : sources) {
            rows.add(GraphWidget.Builder.create()
                    .title("Phase durations: " + source.identifier())
                    .left(WORKFLOW_PHASES.stream()
                            .map(phase -> (IMetric) DrillMetrics.phaseDuration(source.identifier(), phase, PERIOD)).toList())
                    .stacked(true)
                    .view(GraphWidgetView.TIME_SERIES)
                    .leftYAxis(YAxisProps.builder().min(0).label("seconds").showUnits(false).build())
                    .width(12).height(6)
                    .build());
        }
        MetricOptions daily = MetricOptions.builder().statistic("Sum").period(PERIOD).build();
        rows.add(GraphWidget.Builder.create()
                .title("Pass (1) / fail (0) per drill")
                .left(sources.stream().map(s -> (IMetric) DrillMetrics.ofSource(MetricNames.DRILL_PASSED, s.identifier(), "Minimum",
                        PERIOD).with(labelled(s))).toList())
                .leftYAxis(YAxisProps.builder().min(0).max(1).showUnits(false).build())
                .view(GraphWidgetView.TIME_SERIES)
                .width(12).height(6)
                .build());
        rows.add(GraphWidget.Builder.create()
                .title("Drill executions")
                .left(List.of(machines.drill().metricSucceeded(daily), machines.drill().metricFailed(daily),
                        machines.drill().metricTimedOut(daily)))
                .view(GraphWidgetView.BAR)
                .width(12).height(6)
                .build());
        rows.add(GraphWidget.Builder.create()
                .title("RPO: age of the restored data")
                .left(sources.stream().map(s -> (IMetric) DrillMetrics.ofSource(MetricNames.SNAPSHOT_AGE_SECONDS, s.identifier(),
                        "Maximum", PERIOD).with(labelled(s))).toList())
                .width(12).height(6)
                .build());
        rows.add(GraphWidget.Builder.create()
                .title("Rows verified")
                .left(sources.stream().map(s -> (IMetric) DrillMetrics.ofSource(MetricNames.ROWS_VERIFIED, s.identifier(),
                        "Maximum", PERIOD).with(labelled(s))).toList())
                .width(12).height(6)
                .build());
        rows.add(AlarmStatusWidget.Builder.create().title("Alarms").alarms(List.copyOf(alarms)).width(24).build());
        Dashboard.Builder.create(this, "Dashboard")
                .dashboardName(Names.SERVICE)
                .defaultInterval(Duration.days(90))
                .widgets(packed(rows))
                .build();
    }

    private static MetricOptions labelled(Source source) {
        return MetricOptions.builder().label(source.identifier()).build();
    }

    /** Side by side while they fit the dashboard's 24 columns. */
    private static List<List<IWidget>> packed(List<IWidget> widgets) {
        List<List<IWidget>> rows = new ArrayList<>();
        List<IWidget> row = new ArrayList<>();
        int width = 0;
        for (IWidget widget : widgets) {
            if (width + widget.getWidth().intValue() > 24 && !row.isEmpty()) {
                rows.add(row);
                row = new ArrayList<>();
                width = 0;
            }
            row.add(widget);
            width += widget.getWidth().intValue();
        }
        if (!row.isEmpty()) {
            rows.add(row);
        }
        return rows;
    }
}
