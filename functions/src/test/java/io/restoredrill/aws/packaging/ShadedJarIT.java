package io.restoredrill.aws.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.aws.Events;
import io.restoredrill.aws.testing.InvokeOnce;
import io.restoredrill.aws.testing.MotoRds;
import io.restoredrill.core.json.Json;
import io.restoredrill.testing.MotoServer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar the stack deploys, run the way the Lambda runtime runs it: a fresh JVM, the
 * handler's no-argument constructor, clients from the environment (AWS_ENDPOINT_URL points them at
 * moto). Proves the jar is complete (services, Log4j plugins merged) and logs JSON with the drill id.
 */
class ShadedJarIT {

    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    @TempDir
    Path tmp;

    @Test
    void theSnapshotHandlerInTheShadedJarTakesTheSnapshotAndLogsJsonLinesWithTheDrillId() throws Exception {
        // GIVEN the sample event's source on the emulator
        try (MotoRds rds = new MotoRds(MOTO)) {
            rds.createPostgresInstance("eu-central-1", "shop-prod");
        }
        Path jar = Path.of("target", "restore-drill-functions.jar");
        assertThat(jar).exists();
        assertThat(Files.size(jar)).as("shaded jar size").isLessThan(35L * 1024 * 1024);
        Path event = tmp.resolve("event.json");
        Files.writeString(event, Events.read("snapshot.json"));
        Path result = tmp.resolve("result.json");

        // WHEN a fresh JVM runs the Snapshot handler from the jar on the sample event
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", jar + File.pathSeparator + Path.of("target", "test-classes"),
                InvokeOnce.class.getName(), "io.restoredrill.aws.handler.SnapshotHandler", event.toString(), result.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("AWS_ENDPOINT_URL", MOTO.endpoint().toString());
        builder.environment().put("AWS_ACCESS_KEY_ID", MotoServer.ACCESS_KEY_ID);
        builder.environment().put("AWS_SECRET_ACCESS_KEY", MotoServer.SECRET_ACCESS_KEY);
        builder.environment().put("AWS_REGION", "eu-west-1");
        builder.environment().put("SOURCE_REGION", "eu-central-1");
        builder.environment().put("POWERTOOLS_SERVICE_NAME", "restore-drill");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        // THEN it succeeds and returns the state with the snapshot's ARN
        assertThat(process.exitValue()).as(output).isZero();
        JsonNode state = Json.mapper().readTree(result.toFile());
        assertThat(state.at("/progress/snapshotArn").asText())
                .isEqualTo("arn:aws:rds:eu-central-1:123456789012:snapshot:drill-shop-prod-20261122-040000-3fa9c2");
        // AND every line it printed is a JSON log line carrying the drill id and the task
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as(output).isNotEmpty();
        for (String line : lines) {
            JsonNode log = Json.mapper().readTree(line);
            assertThat(log.path("drill_id").asText()).as(line).isEqualTo("20261122-040000-3fa9c2");
            assertThat(log.path("task").asText()).as(line).isEqualTo("Snapshot");
            assertThat(log.path("function_name").asText()).as(line).isEqualTo("SnapshotHandler");
        }
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("Snapshot finished"));
    }
}
