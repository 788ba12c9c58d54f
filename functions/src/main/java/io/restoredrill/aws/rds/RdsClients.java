package io.restoredrill.aws.rds;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * One RDS client per region, built on first use and kept for the container's life, on the light
 * URL-connection HTTP client. {@code AWS_ENDPOINT_URL} is honoured by the SDK itself.
 */
public final class RdsClients implements Function<String, RdsClient>, AutoCloseable {

    private final Map<String, RdsClient> clients = new ConcurrentHashMap<>();

    @Override
    public RdsClient apply(String region) {
        return clients.computeIfAbsent(region, r -> RdsClient.builder()
                .region(Region.of(r))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build());
    }

    @Override
    public void close() {
        clients.values().forEach(RdsClient::close);
        clients.clear();
    }
}
