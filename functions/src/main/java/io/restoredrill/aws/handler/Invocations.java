package io.restoredrill.aws.handler;

import com.amazonaws.services.lambda.runtime.Context;
import io.restoredrill.aws.clients.AwsFailures;
import io.restoredrill.core.error.DrillException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Runs one Lambda invocation of a task: Powertools' JSON logging with the drill id on every line,
 * one line when the task starts and one when it ends, and SDK failures turned into named errors
 * (the error type the state machine's Retry and Catch match). Messages never carry a secret.
 */
final class Invocations {

    static final String DRILL_ID = "drill_id";
    static final String TASK = "task";
    private static final Logger LOG = LoggerFactory.getLogger(Invocations.class);

    private Invocations() {
    }

    static <T> T run(Context context, String task, String drillId, Supplier<T> work) {
        Supplier<T> logged = () -> {
            MDC.put(TASK, task);
            if (drillId != null) {
                MDC.put(DRILL_ID, drillId);
            }
            try {
                LOG.info("{} started", task);
                T result = translated(work);
                LOG.info("{} finished", task);
                return result;
            } catch (DrillException e) {
                LOG.warn("{} failed: {} ({})", task, e.getMessage(), e.getClass().getName());
                throw e;
            } finally {
                MDC.remove(TASK);
                MDC.remove(DRILL_ID);
            }
        };
        return context == null ? logged.get() : PowertoolsLogging.withLogging(context, logged);
    }

    private static <T> T translated(Supplier<T> work) {
        try {
            return work.get();
        } catch (SdkException e) {
            throw AwsFailures.translate(e);
        }
    }
}
