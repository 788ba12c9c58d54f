package io.restoredrill.aws.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.restoredrill.core.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.backup.BackupClient;

/**
 * moto has no AWS Backup jobs, recovery points or restore testing, so this loopback HTTP server answers
 * the calls the drill makes in the REST-JSON shape of the AWS Backup API reference:
 * ListRecoveryPointsByBackupVault ({@code GET /backup-vaults/{name}/recovery-points/}) with the
 * recovery points the test gives, DescribeRestoreJob ({@code GET /restore-jobs/{id}}) with the restore
 * jobs it adds, and PutRestoreValidationResult ({@code PUT /restore-jobs/{id}/validations}, 204), whose
 * answers it keeps in order; a status after a final one (anything but VALIDATING) is refused with
 * InvalidRequestException, as AWS Backup documents that a set validation status cannot be changed. An unknown vault or job gets the API's ResourceNotFoundException. The real
 * SDK client talks to it.
 */
public final class BackupApiStandIn implements AutoCloseable {

    /** A recovery point as the API lists it; {@code arn} is an RDS snapshot ARN for RDS resources. */
    public record RecoveryPoint(String arn, String resourceArn, String status, long creationEpochSeconds) {
    }

    /** A restore job as DescribeRestoreJob answers it; {@code restoreTestingPlanArn} null for one not of a plan. */
    public record RestoreJob(String id, String restoreTestingPlanArn, String createdResourceArn, String recoveryPointArn,
                             String resourceType, String status, Instant created, Instant completed,
                             Instant recoveryPointCreated) {
    }

    /** One PutRestoreValidationResult, as received. */
    public record Validation(String restoreJobId, String status, String message) {
    }

    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Map<String, RestoreJob> restoreJobs = new ConcurrentHashMap<>();
    private final List<Validation> validations = new CopyOnWriteArrayList<>();

    public BackupApiStandIn(String vault, List<RecoveryPoint> points) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            URI uri = exchange.getRequestURI();
            requests.add(exchange.getRequestMethod() + " " + URLDecoder.decode(uri.toString(), StandardCharsets.UTF_8));
            Matcher job = RESTORE_JOB.matcher(uri.getPath());
            if (job.matches()) {
                restoreJobCall(exchange, URLDecoder.decode(job.group(1), StandardCharsets.UTF_8), job.group(2) != null);
                return;
            }
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

    private static final Pattern RESTORE_JOB = Pattern.compile("/restore-jobs/([^/]+)(/validations)?");

    public void addRestoreJob(RestoreJob job) {
        restoreJobs.put(job.id(), job);
    }

    /** Every PutRestoreValidationResult received, in order. */
    public List<Validation> validations() {
        return List.copyOf(validations);
    }

    private void restoreJobCall(HttpExchange exchange, String id, boolean validation) throws IOException {
        RestoreJob job = restoreJobs.get(id);
        if (job == null) {
            respond(exchange, 404, "{\"Code\":\"ResourceNotFoundException\",\"Message\":\"Restore job " + id + " not found\"}",
                    "ResourceNotFoundException");
            return;
        }
        if (validation && "PUT".equals(exchange.getRequestMethod())) {
            JsonNode body = Json.mapper().readTree(exchange.getRequestBody());
            // AWS Backup: once a validation status is set it cannot be changed; VALIDATING is the one interim status.
            boolean answered = validations.stream().anyMatch(v -> v.restoreJobId().equals(id) && !"VALIDATING".equals(v.status()));
            if (answered) {
                respond(exchange, 400, "{\"Code\":\"InvalidRequestException\",\"Message\":\"The validation status of"
                        + " restore job " + id + " is set already\"}", "InvalidRequestException");
                return;
            }
            validations.add(new Validation(id, body.path("ValidationStatus").asText(null),
                    body.path("ValidationStatusMessage").asText(null)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            return;
        }
        ObjectNode answer = Json.mapper().createObjectNode();
        answer.put("AccountId", "123456789012");
        answer.put("RestoreJobId", job.id());
        answer.put("RecoveryPointArn", job.recoveryPointArn());
        answer.put("CreatedResourceArn", job.createdResourceArn());
        answer.put("ResourceType", job.resourceType());
        answer.put("Status", job.status());
        answer.put("CreationDate", job.created().getEpochSecond());
        if (job.completed() != null) {
            answer.put("CompletionDate", job.completed().getEpochSecond());
        }
        answer.put("RecoveryPointCreationDate", job.recoveryPointCreated().getEpochSecond());
        if (job.restoreTestingPlanArn() != null) {
            answer.putObject("CreatedBy").put("RestoreTestingPlanArn", job.restoreTestingPlanArn());
        }
        validations.stream().filter(v -> v.restoreJobId().equals(id)).reduce((first, second) -> second)
                .ifPresent(latest -> answer.put("ValidationStatus", latest.status())
                        .put("ValidationStatusMessage", latest.message()));
        respond(exchange, 200, answer.toString(), null);
    }

    private static void respond(HttpExchange exchange, int status, String body, String errorType) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        if (errorType != null) {
            exchange.getResponseHeaders().add("x-amzn-ErrorType", errorType);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
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
