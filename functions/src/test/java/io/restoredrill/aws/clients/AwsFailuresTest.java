package io.restoredrill.aws.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.restoredrill.core.error.DrillException;
import io.restoredrill.core.error.EnvironmentException;
import io.restoredrill.core.error.ServiceUnavailableException;
import io.restoredrill.core.error.ThrottledException;
import io.restoredrill.core.error.UnexpectedFailureException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.rds.model.RdsException;

/** Which named error an SDK failure no step handled becomes, and whether the state machine retries it. */
class AwsFailuresTest {

    private static RdsException rds(int status, String code, String message) {
        return (RdsException) RdsException.builder().statusCode(status).awsErrorDetails(AwsErrorDetails.builder()
                .serviceName("Rds").errorCode(code).errorMessage(message).build()).build();
    }

    @Test
    void throttlingAndAwsSideFailuresAreRetryable() {
        RuntimeException throttled = AwsFailures.translate(rds(400, "Throttling", "Rate exceeded"));
        RuntimeException unavailable = AwsFailures.translate(rds(503, "ServiceUnavailable", "try later"));
        RuntimeException unreachable = AwsFailures.translate(SdkClientException.create("Connect timed out"));

        assertThat(throttled).isInstanceOf(ThrottledException.class).hasMessage("Rds (Throttling) kept throttling after the SDK's retries: Rate exceeded");
        assertThat(unavailable).isInstanceOf(ServiceUnavailableException.class);
        assertThat(unreachable).isInstanceOf(ServiceUnavailableException.class);
        assertThat(java.util.List.of(throttled, unavailable, unreachable))
                .allSatisfy(e -> assertThat(((DrillException) e).retryable()).isTrue());
    }

    @Test
    void aDenialOrMissingCredentialsIsAConfigurationProblemNamingTheFix() {
        RuntimeException denied = AwsFailures.translate(rds(403, "AccessDenied", "not authorized to perform rds:DeleteDBInstance"));
        RuntimeException noCredentials = AwsFailures.translate(SdkClientException.create(
                "Unable to load credentials from any of the providers in the chain AwsCredentialsProviderChain(…)"));

        assertThat(denied).isInstanceOf(EnvironmentException.class).hasMessageContaining("check the function's IAM role");
        assertThat(noCredentials).isInstanceOf(EnvironmentException.class)
                .hasMessage("No AWS credentials were found: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,"
                        + " or run where a role provides them.");
        assertThat(((DrillException) noCredentials).retryable()).isFalse();
    }

    @Test
    void anyOtherRefusalIsUnexpectedAndKeepsAwsOwnMessage() {
        assertThat(AwsFailures.translate(rds(400, "InvalidParameterCombination", "no such combination")))
                .isInstanceOf(UnexpectedFailureException.class).hasMessageContaining("no such combination");
    }
}
