package io.restoredrill.aws.publish;

import io.restoredrill.aws.clients.AwsFailures;
import io.restoredrill.aws.state.DrillFailure;
import io.restoredrill.aws.state.DrillState;
import io.restoredrill.aws.state.Progress;
import io.restoredrill.aws.state.ReportRef;
import io.restoredrill.core.error.DrillException;
import io.restoredrill.core.error.EnvironmentException;
import io.restoredrill.core.error.PublishFailedException;
import io.restoredrill.core.model.DrillReport;
import io.restoredrill.core.model.Phase;
import io.restoredrill.core.model.PhaseStatus;
import io.restoredrill.core.verify.CheckResult;
import io.restoredrill.core.verify.VerificationResult;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.SnsException;

/**
 * Publish, the drill's last step (after Cleanup, on success and on the Catch path alike): builds
 * core's report from the state, stores it chained in the evidence bucket with its Markdown form,
 * tells the SNS topic and emits the CloudWatch metrics. A failed drill is published like a passed
 * one; Publish fails only when it cannot publish. The state machine's Choice after it reads
 * {@code progress.report.verdict}.
 *
 * <p>A retried Publish finds the report its first attempt stored and goes on with that one, so the
 * chain gets one link per drill. The notification goes before the metrics: a retry after a failed
 * notification does not count the drill twice.
 */
public final class PublishStep {

    private final Function<String, S3Client> s3InRegion;
    private final Function<String, SnsClient> snsInRegion;
    private final DrillMetrics metrics;
    private final PublishSettings settings;
    private final Clock clock;

    public PublishStep(Function<String, S3Client> s3InRegion, Function<String, SnsClient> snsInRegion,
                       DrillMetrics metrics, PublishSettings settings, Clock clock) {
        this.s3InRegion = s3InRegion;
        this.snsInRegion = snsInRegion;
        this.metrics = metrics;
        this.settings = settings;
        this.clock = clock;
    }

    public DrillState publish(DrillState state) {
        Instant start = clock.instant();
        String bucket = settings.requireBucket();
        EvidenceStore evidence = new EvidenceStore(s3InRegion.apply(state.recoveryRegion()), bucket, state.recoveryRegion());
        VerificationResult verification = state.progress().verification() == null ? null
                : evidence.readVerification(state.progress().verification());
        // The drill's own failure comes first; a Cleanup that failed on an otherwise good drill fails it too.
        DrillFailure caught = state.failure() != null ? state.failure() : state.cleanupFailure();
        FailureCause failure = caught == null ? null : FailureCause.of(caught);
        StoredReport stored = evidence.store(ReportBuilder.build(state, verification, failure, start));
        DrillReport report = stored.report();
        boolean notified = notify(stored);
        metrics.emit(report, settings.namespace());
        String detail = "Report " + stored.uri() + " (" + report.verdict() + ") "
                + (stored.previous() == null ? "starts the chain of " + report.source().name()
                        : "follows " + stored.previous().key())
                + (notified ? "; " + settings.topicArn() + " notified." : "; no topic to notify.");
        Progress progress = state.progress().started(Phase.PUBLISH, start)
                .withReport(new ReportRef(bucket, stored.key(), stored.sha256(), report.verdict(), report.failureReason(),
                        report.verification() == null ? List.of()
                                : report.verification().failures().stream().map(CheckResult::name).toList()))
                .finished(Phase.PUBLISH, clock.instant(), PhaseStatus.PASSED, detail);
        return state.with(progress);
    }

    private boolean notify(StoredReport stored) {
        String topic = settings.topicArn();
        if (topic == null) {
            return false;
        }
        Notification notification = Notification.of(stored);
        DrillReport report = stored.report();
        try {
            snsInRegion.apply(topicRegion(topic)).publish(r -> r.topicArn(topic)
                    .subject(notification.subject())
                    .message(notification.body())
                    .messageAttributes(Map.of(
                            "verdict", text(report.verdict().name()),
                            "source", text(report.source().name()))));
        } catch (SnsException e) {
            RuntimeException translated = AwsFailures.translate(e);
            if (translated instanceof DrillException drill && drill.retryable()) {
                throw translated;
            }
            String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
            throw new PublishFailedException("The report is stored at " + stored.uri() + ", but the SNS topic " + topic
                    + " refused the summary: " + message + "; check TOPIC_ARN and the Publish function's permissions.", e);
        }
        return true;
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    /** {@code arn:aws:sns:<region>:<account>:<name>} */
    static String topicRegion(String topicArn) {
        String[] parts = topicArn.split(":");
        if (parts.length != 6 || !"arn".equals(parts[0]) || !"sns".equals(parts[2]) || parts[3].isEmpty()) {
            throw new EnvironmentException("TOPIC_ARN '" + topicArn + "' is not an SNS topic ARN"
                    + " (arn:aws:sns:<region>:<account>:<name>); fix it on the Publish function.");
        }
        return parts[3];
    }
}
