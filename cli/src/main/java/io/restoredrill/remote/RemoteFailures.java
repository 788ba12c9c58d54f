package io.restoredrill.remote;

import io.restoredrill.aws.clients.AwsFailures;
import io.restoredrill.core.error.DrillException;
import io.restoredrill.core.error.EnvironmentException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * An AWS failure while looking at a drill from the command line is a problem of access, not a
 * failed drill: a transient one (throttled, unreachable) says to try again, with exit code 2.
 */
final class RemoteFailures {

    private RemoteFailures() {
    }

    static RuntimeException translate(SdkException e) {
        RuntimeException named = AwsFailures.translate(e);
        if (named instanceof DrillException drill && drill.retryable()) {
            return new EnvironmentException(drill.getMessage() + "; try again in a moment.", e);
        }
        return named;
    }
}
