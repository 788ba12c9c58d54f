package io.restoredrill.aws.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.backup.BackupClient;

/**
 * moto has no AWS Backup jobs or recovery points, so this loopback HTTP server answers the one call
 * the drill makes, ListRecoveryPointsByBackupVault ({@code GET /backup-vaults/{name}/recovery-points/}),
 * in the REST-JSON shape of the AWS Backup API reference, with the recovery points the test gives;
 * an unknown vault gets the API's ResourceNotFoundException. The real SDK client talks to it.
 */
public final class BackupApiStandIn implements AutoCloseable {

    /** A recovery point as the API lists it; {@code arn} is an RDS snapshot ARN for RDS resources. */
    public record RecoveryPoint(String arn, String resourceArn, String status, long creationEpochSeconds) {
    }

    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    public BackupApiStandIn(String vault, List<RecoveryPoint> points) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            URI uri = exchange.getRequestURI();
            requests.add(exchange.getRequestMethod() + " " + URLDecoder.decode(uri.toString(), StandardCharsets.UTF_8));
            boolean known = uri.getPath().equals("/backup-vaults/" + vault + "/recovery-points/");
            String query = uri.getRawQuery() == null ? "" : URLDecoder.decode(uri.getRawQuery(), StandardCharsets.UTF_8);
            String body = known ? listing(points, query)
                    : "{\"Code\":\"ResourceNotFoundException\",\"Message\":\"Backup vault not found\"}";
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            if (!known) {
                exchange.getResponseHeaders().add("x-amzn-ErrorType", "ResourceNotFoundException");
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(known ? 200 : 404, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    private static String listing(List<RecoveryPoint> points, String query) {
        StringBuilder json = new StringBuilder("{\"RecoveryPoints\":[");
        String sep = "";
        for (RecoveryPoint p : points) {
            if (!query.contains("resourceArn=" + p.resourceArn())) {
                continue;
            }
            json.append(sep).append("{\"RecoveryPointArn\":\"").append(p.arn())
                    .append("\",\"ResourceArn\":\"").append(p.resourceArn())
                    .append("\",\"ResourceType\":\"RDS\",\"Status\":\"").append(p.status())
                    .append("\",\"CreationDate\":").append(p.creationEpochSeconds()).append('}');
            sep = ",";
        }
        return json.append("]}").toString();
    }

    public BackupClient client(String region) {
        return client(region, List.of());
    }

    /** A client of one function ({@link MotoRds#as}): its calls are authorized against the function's policy first. */
    public BackupClient client(String region, MotoRds function) {
        return client(region, function.interceptors());
    }

    private BackupClient client(String region, List<ExecutionInterceptor> interceptors) {
        return BackupClient.builder().region(Region.of(region))
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(c -> c.executionInterceptors(new java.util.ArrayList<>(interceptors)))
                .build();
    }

    public List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
