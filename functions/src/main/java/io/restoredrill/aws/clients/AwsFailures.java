package io.restoredrill.aws.clients;

import io.restoredrill.core.error.EnvironmentException;
import io.restoredrill.core.error.ServiceUnavailableException;
import io.restoredrill.core.error.ThrottledException;
import io.restoredrill.core.error.UnexpectedFailureException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns an SDK failure that no step handled into one of the project's named errors, so the state
 * machine can tell retryable from terminal by name: throttling and 5xx answers or dropped
 * connections (after the SDK's own retries) are retryable; a denied permission is a deployment
 * problem; anything else is unexpected, with AWS's own message kept.
 */
public final class AwsFailures {

    private AwsFailures() {
    }

    public static RuntimeException translate(SdkException e) {
        if (e instanceof AwsServiceException service) {
            AwsErrorDetails details = service.awsErrorDetails();
            String what = details == null ? "An AWS API" : details.serviceName() + " (" + details.errorCode() + ")";
            String message = details == null || details.errorMessage() == null ? service.getMessage() : details.errorMessage();
            if (service.isThrottlingException()) {
                return new ThrottledException(what + " kept throttling after the SDK's retries: " + message, e);
            }
            if (service.statusCode() >= 500) {
                return new ServiceUnavailableException(what + " failed on AWS's side: " + message, e);
            }
            if (service.statusCode() == 403 || (details != null && details.errorCode() != null
                    && details.errorCode().contains("AccessDenied"))) {
                return new EnvironmentException(what + " denied the call: " + message
                        + "; check the function's IAM role (docs/security.md).", e);
            }
            return new UnexpectedFailureException(what + " refused the call: " + message, e);
        }
        if (e instanceof SdkClientException && e.getMessage() != null && e.getMessage().startsWith("Unable to load credentials")) {
            return new EnvironmentException("No AWS credentials were found: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and "
                    + "AWS_SECRET_ACCESS_KEY, or run where a role provides them.", e);
        }
        if (e instanceof SdkClientException) {
            return new ServiceUnavailableException("An AWS API could not be reached: " + e.getMessage(), e);
        }
        return new UnexpectedFailureException("An AWS call failed: " + e.getMessage(), e);
    }
}
