package io.restoredrill.aws.handler;

import io.restoredrill.aws.clients.AwsClients;
import io.restoredrill.aws.publish.DrillMetrics;
import io.restoredrill.aws.publish.PublishSettings;
import io.restoredrill.aws.publish.PublishStep;
import java.time.Clock;

/**
 * The Publish task: stores the chained report and its Markdown in the evidence bucket
 * ({@code EVIDENCE_BUCKET}), notifies {@code TOPIC_ARN}, emits metrics in {@code METRICS_NAMESPACE};
 * adds {@code progress.report}.
 */
public final class PublishHandler extends StateHandler {

    /** Used by the Lambda runtime: real clients, built once per container. */
    public PublishHandler() {
        this(new PublishStep(AwsClients.s3(), AwsClients.sns(), DrillMetrics.standardOutput(),
                PublishSettings.fromEnvironment(System.getenv()), Clock.systemUTC()));
    }

    public PublishHandler(PublishStep step) {
        super(step::publish);
    }
}
