package io.restoredrill.local.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restoredrill.core.error.InvalidInputException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecoveryLocationTest {

    @TempDir
    Path work;

    @Test
    void aPathIsADirectoryLocation() {
        // GIVEN a directory path and no region
        // WHEN it is parsed
        try (RecoveryLocation location = RecoveryLocation.parse(work.resolve("copies").toString(), null)) {

            // THEN it is a directory location rooted there
            assertThat(location).isInstanceOf(DirectoryLocation.class);
            assertThat(((DirectoryLocation) location).root()).isEqualTo(work.resolve("copies").toAbsolutePath());
        }
    }

    @Test
    void anS3UriIsAnS3LocationWithBucketAndPrefix() {
        // GIVEN an s3:// spec with a nested prefix and a region
        // WHEN it is parsed
        try (RecoveryLocation location = RecoveryLocation.parse("s3://drill-copies/team-a/nightly/", "us-west-2")) {

            // THEN bucket and prefix are split and snapshot URIs follow them
            assertThat(location).isInstanceOf(S3Location.class);
            S3Location s3 = (S3Location) location;
            assertThat(s3.bucket()).isEqualTo("drill-copies");
            assertThat(s3.prefix()).isEqualTo("team-a/nightly");
            assertThat(location.uri("drill-orders-1")).isEqualTo("s3://drill-copies/team-a/nightly/drill-orders-1");
        }
        try (RecoveryLocation location = RecoveryLocation.parse("s3://drill-copies", "eu-central-1")) {
            assertThat(location.uri("drill-orders-1")).isEqualTo("s3://drill-copies/drill-orders-1");
        }
    }

    @Test
    void s3NeedsARegionAndAValidBucket() {
        // GIVEN / WHEN / THEN a missing region, a bad bucket, a bad region and other schemes are invalid input
        assertThatThrownBy(() -> RecoveryLocation.parse("s3://drill-copies/x", null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("needs an AWS region");
        assertThatThrownBy(() -> RecoveryLocation.parse("s3://drill-copies/x", " "))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> RecoveryLocation.parse("s3://Drill_Copies/x", "us-west-2"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("s3://Drill_Copies/x");
        assertThatThrownBy(() -> RecoveryLocation.parse("s3://drill-copies/a/../b", "us-west-2"))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> RecoveryLocation.parse("s3://drill-copies", "Oregon"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Oregon");
        assertThatThrownBy(() -> RecoveryLocation.parse("gs://drill-copies", "us-west-2"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unsupported scheme");
        assertThatThrownBy(() -> RecoveryLocation.parse("  ", null))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void theEndpointComesFromTheStandardEnvironmentVariables() {
        // GIVEN environments with a general and an S3-specific endpoint
        Map<String, String> general = Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:5000");
        Map<String, String> both = Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:5000",
                "AWS_ENDPOINT_URL_S3", "http://127.0.0.1:6000");
        Map<String, String> ignored = Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:5000",
                "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");

        // WHEN / THEN the S3-specific one wins, the switch turns both off, and a malformed one is invalid input
        assertThat(S3Clients.endpointOverride(general)).contains(URI.create("http://127.0.0.1:5000"));
        assertThat(S3Clients.endpointOverride(both)).contains(URI.create("http://127.0.0.1:6000"));
        assertThat(S3Clients.endpointOverride(ignored)).isEmpty();
        assertThat(S3Clients.endpointOverride(Map.of())).isEmpty();
        assertThatThrownBy(() -> S3Clients.endpointOverride(Map.of("AWS_ENDPOINT_URL", "localhost:5000")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("AWS_ENDPOINT_URL 'localhost:5000'");
    }
}
