package io.restoredrill.local.copy;

import io.restoredrill.core.error.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds the S3 client of a recovery location: URL-connection HTTP client, the given region, and the endpoint
 * from {@code AWS_ENDPOINT_URL_S3} or {@code AWS_ENDPOINT_URL} (an emulator such as moto) with path-style
 * addressing, unless {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true}.
 */
public final class S3Clients {

    private static final List<String> ENDPOINT_VARIABLES = List.of("AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL");

    private S3Clients() {
    }

    /** With the SDK's default credentials chain, which the client owns and closes. */
    public static S3Client create(String region, Map<String, String> environment) {
        return builder(region, environment).build();
    }

    static S3Client create(String region, Map<String, String> environment, AwsCredentialsProvider credentials) {
        return builder(region, environment).credentialsProvider(credentials).build();
    }

    private static S3ClientBuilder builder(String region, Map<String, String> environment) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(region))
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofMinutes(2))
                        .build());
        endpointOverride(environment).ifPresent(endpoint -> builder.endpointOverride(endpoint).forcePathStyle(true));
        return builder;
    }

    static Optional<URI> endpointOverride(Map<String, String> environment) {
        if ("true".equalsIgnoreCase(environment.getOrDefault("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "").trim())) {
            return Optional.empty();
        }
        for (String variable : ENDPOINT_VARIABLES) {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                return Optional.of(parseEndpoint(variable, value.trim()));
            }
        }
        return Optional.empty();
    }

    private static URI parseEndpoint(String variable, String value) {
        try {
            URI uri = new URI(value);
            if (uri.getScheme() != null && uri.getHost() != null
                    && (uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new InvalidInputException(variable + " '" + value + "' is not an http(s) URL;"
                + " set it to an endpoint such as http://127.0.0.1:5000 or unset it.");
    }
}
