package io.restoredrill.local.copy;

import static org.assertj.core.api.Assertions.assertThat;

import io.restoredrill.core.error.ChecksumMismatchException;
import io.restoredrill.core.error.CopyFailedException;
import io.restoredrill.core.error.DrillException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Failures moto cannot produce (it enforces no IAM and no regions), translated from synthetic SDK errors. */
class S3FailuresTest {

    private static final String ACTION = "upload toc.dat to s3://drill-copies/n/toc.dat";

    @Test
    void accessDeniedNamesTheBucketAndThePermissions() {
        // GIVEN an AccessDenied answer
        S3Exception denied = s3Error("AccessDenied", 403, null);

        // WHEN it is translated
        DrillException failure = S3Failures.translate(denied, ACTION, "drill-copies", "us-west-2");

        // THEN one sentence names the bucket, the attempt and the permissions to grant
        assertThat(failure).isInstanceOf(CopyFailedException.class).hasCause(denied);
        assertThat(failure.getMessage())
                .startsWith("Access to S3 bucket 'drill-copies' was denied while trying to " + ACTION)
                .contains("s3:PutObject")
                .doesNotContain("\n", "Service: S3", "Request ID");
    }

    @Test
    void aBucketInAnotherRegionNamesBothRegions() {
        // GIVEN a redirect that carries the bucket's real region
        S3Exception redirect = s3Error("PermanentRedirect", 301, "eu-central-1");

        // WHEN / THEN the sentence says where the bucket really is
        assertThat(S3Failures.translate(redirect, ACTION, "drill-copies", "us-west-2"))
                .hasMessage("S3 bucket 'drill-copies' is not in region us-west-2 but in eu-central-1;"
                        + " pass the bucket's own region.");
    }

    @Test
    void rejectedCredentialsAndOtherRefusalsKeepTheErrorCode() {
        // GIVEN / WHEN / THEN credential problems and unknown refusals name the S3 error code
        assertThat(S3Failures.translate(s3Error("InvalidAccessKeyId", 403, null), ACTION, "drill-copies", "us-west-2"))
                .hasMessageContaining("rejected the AWS credentials (InvalidAccessKeyId)");
        assertThat(S3Failures.translate(s3Error("SlowDown", 503, null), ACTION, "drill-copies", "us-west-2"))
                .hasMessageContaining("S3 refused to " + ACTION + " (SlowDown, HTTP 503)");
        assertThat(S3Failures.translate(s3Error("BadDigest", 400, null), ACTION, "drill-copies", "us-west-2"))
                .hasMessageContaining("did not match its checksum (BadDigest)");
    }

    @Test
    void clientSideFailuresSayWhatToCheck() {
        // GIVEN no credentials, an unreachable endpoint and a download that failed its checksum
        SdkClientException noCredentials = SdkClientException.create("Unable to load credentials from any of the"
                + " providers in the chain AwsCredentialsProviderChain(credentialsProviders=[...]) : [...]");
        SdkClientException unreachable = SdkClientException.create("Unable to execute HTTP request",
                new ConnectException("Connection refused"));
        SdkClientException checksum = SdkClientException.create("Data read has a different checksum than expected.");

        // WHEN / THEN each becomes a short sentence with the fix
        assertThat(S3Failures.translate(noCredentials, ACTION, "drill-copies", "us-west-2"))
                .isInstanceOf(CopyFailedException.class)
                .hasMessage("No AWS credentials were found to " + ACTION
                        + "; set AWS_PROFILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.");
        assertThat(S3Failures.translate(unreachable, ACTION, "drill-copies", "us-west-2"))
                .hasMessage("Could not reach S3 to " + ACTION + " (ConnectException: Connection refused);"
                        + " check the network, the region and AWS_ENDPOINT_URL.");
        assertThat(S3Failures.translate(checksum, ACTION, "drill-copies", "us-west-2"))
                .isInstanceOf(ChecksumMismatchException.class);
    }

    private static S3Exception s3Error(String code, int status, String bucketRegion) {
        SdkHttpResponse.Builder http = SdkHttpResponse.builder().statusCode(status);
        if (bucketRegion != null) {
            http.putHeader("x-amz-bucket-region", bucketRegion);
        }
        return (S3Exception) S3Exception.builder()
                .statusCode(status)
                .message("raw SDK message")
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage("raw SDK message")
                        .serviceName("S3")
                        .sdkHttpResponse(http.build())
                        .build())
                .build();
    }
}
