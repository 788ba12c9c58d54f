package io.restoredrill.aws.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.aws.Events;
import io.restoredrill.aws.cleanup.CleanupStep;
import io.restoredrill.aws.copy.CopyStep;
import io.restoredrill.aws.state.DrillState;
import io.restoredrill.aws.snapshot.SnapshotStep;
import io.restoredrill.aws.testing.MotoRds;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.json.Json;
import io.restoredrill.testing.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import io.restoredrill.core.model.Phase;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The thin handlers, fed the sample events from events/, chained as the state machine will chain them. */
class HandlersOnMotoTest {

    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    private static final String SAMPLE_KEY = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555";

    private static final Clock CLOCK = Clock.systemUTC();

    private final MotoRds rds = new MotoRds(MOTO);

    @AfterEach
    void close() {
        rds.close();
    }

    private static String invoke(RequestStreamHandler handler, String event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void snapshotCopyAndCleanupHandlersChainOnTheSampleEventsAndLeaveNothingOfTheDrill() throws Exception {
        // GIVEN the sample event's source and its recovery-region key on the emulator
        rds.createPostgresInstance("eu-central-1", "shop-prod");
        String event = Events.read("snapshot.json").replace(SAMPLE_KEY, rds.createKmsKey("eu-west-1"));

        // WHEN Snapshot, Copy and Cleanup run one after another on each other's output
        String snapshotted = invoke(new SnapshotHandler(new SnapshotStep(rds, rds.backup(), CLOCK)), event);
        String copied = invoke(new CopyHandler(new CopyStep(rds, CLOCK)), snapshotted);
        JsonNode cleaned = Json.mapper().readTree(invoke(new CleanupHandler(new CleanupStep(rds, rds.secrets(), CLOCK)), copied));

        // THEN each step added its ARN to the state, and Cleanup deleted exactly the drill's two snapshots
        DrillState state = Json.mapper().readValue(copied, DrillState.class);
        assertThat(state.progress().snapshotArn()).endsWith(":snapshot:drill-shop-prod-20261122-040000-3fa9c2");
        assertThat(state.progress().copyArn()).startsWith("arn:aws:rds:eu-west-1:").endsWith("-copy");
        assertThat(cleaned.at("/progress/cleanup/deleted")).extracting(JsonNode::asText).containsExactlyInAnyOrder(
                "snapshot drill-shop-prod-20261122-040000-3fa9c2", "snapshot drill-shop-prod-20261122-040000-3fa9c2-copy");
        assertThat(rds.apply("eu-west-1").describeDBSnapshots().dbSnapshots()).isEmpty();
        assertThat(rds.apply("eu-central-1").describeDBSnapshots(r -> r.snapshotType("manual")).dbSnapshots()).isEmpty();
    }

    @Test
    void everyStateHandlerHasASampleEventThatIsTheStateItExpects() throws Exception {
        // GIVEN the sample events, one per task: what the previous task returns
        Map<String, Predicate<DrillState>> expectations = new LinkedHashMap<>();
        expectations.put("snapshot.json", s -> s.progress().phases().isEmpty());
        expectations.put("check-snapshot.json", s -> running(s, Phase.SNAPSHOT) && s.progress().snapshotArn() != null);
        expectations.put("copy.json", s -> ended(s, Phase.SNAPSHOT) && s.progress().copyArn() == null);
        expectations.put("check-copy.json", s -> running(s, Phase.COPY) && s.progress().copyArn() != null);
        expectations.put("restore.json", s -> ended(s, Phase.COPY));
        expectations.put("check-restore.json", s -> running(s, Phase.RESTORE));
        expectations.put("credentials.json", s -> ended(s, Phase.RESTORE) && s.progress().endpoint() != null);
        expectations.put("verify.json", s -> ended(s, Phase.CREDENTIALS) && s.progress().secretArn() != null);
        expectations.put("cleanup.json", s -> s.progress().copyArn() != null);
        expectations.put("publish.json", s -> ended(s, Phase.CLEANUP) && s.progress().verification() != null);

        // THEN each is a valid drill state at the point its task runs
        for (Map.Entry<String, Predicate<DrillState>> sample : expectations.entrySet()) {
            DrillState state = Json.mapper().readValue(Events.read(sample.getKey()), DrillState.class);
            assertThat(sample.getValue()).as(sample.getKey()).accepts(state);
            assertThat(state.failure()).as(sample.getKey()).isNull();
        }
        // AND every state task of the state machine has its sample
        for (String task : List.of("Snapshot", "CheckSnapshot", "Copy", "CheckCopy", "Restore", "CheckRestore",
                "Credentials", "Verify", "Cleanup", "Publish")) {
            assertThat(Class.forName("io.restoredrill.aws.handler." + task + "Handler")).isNotNull();
            assertThat(expectations).containsKey(task.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase() + ".json");
        }
    }

    private static boolean running(DrillState state, Phase phase) {
        return state.progress().mark(phase).map(m -> m.end() == null).orElse(false);
    }

    private static boolean ended(DrillState state, Phase phase) {
        return state.progress().mark(phase).map(m -> m.end() != null).orElse(false);
    }

    @Test
    void aMalformedEventIsANamedErrorAndCallsNothing() {
        assertThatThrownBy(() -> invoke(new SnapshotHandler(new SnapshotStep(rds, rds.backup(), CLOCK)), "{\"drillId\": [1, 2]"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("The event is not a valid DrillState");
    }
}
