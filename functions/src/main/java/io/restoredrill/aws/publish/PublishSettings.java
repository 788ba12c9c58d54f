package io.restoredrill.aws.publish;

import io.restoredrill.core.deployment.FunctionEnvironment;
import io.restoredrill.core.deployment.MetricNames;
import io.restoredrill.core.error.EnvironmentException;
import java.util.Map;

/**
 * Where Publish sends the evidence, from the Lambda's environment (set by the CDK stack).
 *
 * @param evidenceBucket {@code EVIDENCE_BUCKET}: the Object Lock bucket in the recovery region
 * @param topicArn       {@code TOPIC_ARN}: the SNS topic for the summary, or {@code null} for none
 * @param namespace      {@code METRICS_NAMESPACE}, default {@value #DEFAULT_NAMESPACE}: the CloudWatch namespace
 */
public record PublishSettings(String evidenceBucket, String topicArn, String namespace) {

    public static final String DEFAULT_NAMESPACE = MetricNames.NAMESPACE;

    public PublishSettings {
        evidenceBucket = blankToNull(evidenceBucket);
        topicArn = blankToNull(topicArn);
        namespace = blankToNull(namespace) == null ? DEFAULT_NAMESPACE : namespace.trim();
    }

    public static PublishSettings fromEnvironment(Map<String, String> env) {
        return new PublishSettings(env.get(FunctionEnvironment.EVIDENCE_BUCKET), env.get(FunctionEnvironment.TOPIC_ARN), env.get(FunctionEnvironment.METRICS_NAMESPACE));
    }

    /** Checked when Publish runs, so a missing setting is a named error the state machine can report. */
    String requireBucket() {
        if (evidenceBucket == null) {
            throw new EnvironmentException("EVIDENCE_BUCKET is not set, so Publish has nowhere to write the report;"
                    + " set it on the Publish function (the CDK stack does).");
        }
        return evidenceBucket;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
