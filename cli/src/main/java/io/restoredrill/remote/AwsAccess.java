package io.restoredrill.remote;

import io.restoredrill.aws.clients.Regional;
import java.util.function.Function;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The AWS clients {@code drill start|status|report} use, per region. The default uses the usual
 * credential chain and {@code AWS_ENDPOINT_URL}; tests point them at moto.
 */
public record AwsAccess(Function<String, SfnClient> sfn, Function<String, S3Client> s3) {

    public static AwsAccess standard() {
        return new AwsAccess(
                new Regional<>(region -> SfnClient.builder().region(region).httpClientBuilder(UrlConnectionHttpClient.builder()).build()),
                new Regional<>(region -> S3Client.builder().region(region).httpClientBuilder(UrlConnectionHttpClient.builder()).build()));
    }
}
