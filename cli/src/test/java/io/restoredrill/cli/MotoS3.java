package io.restoredrill.cli;

import io.restoredrill.testing.MotoServer;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The test's own S3 client of a moto server, and the environment that points a drill process at it. */
final class MotoS3 {

    private MotoS3() {
    }

    static S3Client client(MotoServer moto, Region region) {
        return S3Client.builder().endpointOverride(moto.endpoint()).region(region).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(MotoServer.ACCESS_KEY_ID, MotoServer.SECRET_ACCESS_KEY)))
                .build();
    }

    /** {@code AWS_ENDPOINT_URL} and the emulator's credentials, for a {@link DrillProcess}. */
    static Map<String, String> environment(MotoServer moto) {
        return Map.of("AWS_ENDPOINT_URL", moto.endpoint().toString(),
                "AWS_ACCESS_KEY_ID", MotoServer.ACCESS_KEY_ID,
                "AWS_SECRET_ACCESS_KEY", MotoServer.SECRET_ACCESS_KEY);
    }
}
