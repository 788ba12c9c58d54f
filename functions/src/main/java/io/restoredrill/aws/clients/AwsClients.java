package io.restoredrill.aws.clients;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The SDK clients a Lambda container uses, per region, built once on the light URL-connection HTTP
 * client (no Apache or Netty in the jar: a faster cold start). {@code AWS_ENDPOINT_URL} is honoured
 * by the SDK itself, which is how the tests point the handlers' own no-argument wiring at moto.
 */
public final class AwsClients {

    private AwsClients() {
    }

    public static Regional<RdsClient> rds() {
        return new Regional<>(region -> build(RdsClient.builder(), region)).warm(containerRegions());
    }

    public static Regional<SecretsManagerClient> secretsManager() {
        return new Regional<>(region -> build(SecretsManagerClient.builder(), region)).warm(containerRegions());
    }

    public static Regional<S3Client> s3() {
        return new Regional<>(region -> build(S3Client.builder(), region)).warm(containerRegions());
    }

    public static Regional<SnsClient> sns() {
        return new Regional<>(region -> build(SnsClient.builder(), region)).warm(containerRegions());
    }

    public static Regional<BackupClient> backup() {
        return new Regional<>(region -> build(BackupClient.builder(), region)).warm(containerRegions());
    }

    public static Regional<SfnClient> stepFunctions() {
        return new Regional<>(region -> build(SfnClient.builder(), region)).warm(containerRegions());
    }

    /**
     * The regions a container works in, from the environment the stack sets: their clients are built
     * in the init phase (and so captured by a SnapStart snapshot) instead of in the first invocation.
     */
    static List<String> containerRegions() {
        List<String> regions = new ArrayList<>();
        for (String name : List.of("SOURCE_REGION", "RECOVERY_REGION", "AWS_REGION")) {
            String region = System.getenv(name);
            if (region != null && !region.isBlank() && !regions.contains(region)) {
                regions.add(region);
            }
        }
        return regions;
    }

    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> C build(
            B builder, Region region) {
        return builder.region(region).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }
}
