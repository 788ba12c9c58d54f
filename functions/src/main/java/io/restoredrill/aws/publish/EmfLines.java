package io.restoredrill.aws.publish;

import io.restoredrill.core.deployment.MetricNames;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.environment.EnvironmentProvider;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.internal.EmfMetricsLogger;
import software.amazon.lambda.powertools.metrics.provider.MetricsProvider;

/**
 * A Powertools metrics provider whose Embedded Metric Format lines go to a consumer instead of
 * standard output: the same EMF logger Powertools uses in Lambda, with a sink of our choosing. Each
 * call gives a new, unshared logger, so nothing is kept between invocations.
 */
public final class EmfLines implements MetricsProvider {

    private final Consumer<String> lines;

    public EmfLines(Consumer<String> lines) {
        this.lines = lines;
    }

    @Override
    public Metrics getMetricsInstance() {
        return new EmfMetricsLogger(new Fixed(new LineEnvironment(lines)), new MetricsContext());
    }

    /** Resolves to one environment, without probing for Lambda, ECS or EC2. */
    private static final class Fixed extends EnvironmentProvider {
        private final Environment environment;

        Fixed(Environment environment) {
            this.environment = environment;
        }

        @Override
        public CompletableFuture<Environment> resolveEnvironment() {
            return CompletableFuture.completedFuture(environment);
        }

        @Override
        public Environment getDefaultEnvironment() {
            return environment;
        }
    }

    private record LineEnvironment(Consumer<String> lines) implements Environment, ISink {
        @Override
        public boolean probe() {
            return true;
        }

        @Override
        public String getName() {
            return MetricNames.NAMESPACE;
        }

        @Override
        public String getType() {
            return "Lines";
        }

        @Override
        public String getLogGroupName() {
            return MetricNames.NAMESPACE;
        }

        @Override
        public void configureContext(MetricsContext context) {
        }

        @Override
        public ISink getSink() {
            return this;
        }

        @Override
        public void accept(MetricsContext context) {
            try {
                context.serialize().forEach(lines);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("Metrics cannot be written as EMF JSON: " + e.getOriginalMessage(), e);
            }
        }

        @Override
        public CompletableFuture<Void> shutdown() {
            return CompletableFuture.completedFuture(null);
        }
    }
}
