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
import java.time.Clock;
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
    void theCopyRestoreAndCleanupSampleEventsAreValidDrillStates() throws Exception {
        assertThat(Json.mapper().readValue(Events.read("copy.json"), DrillState.class).progress().snapshotArn()).isNotNull();
        assertThat(Json.mapper().readValue(Events.read("restore.json"), DrillState.class).progress().copyArn()).isNotNull();
        assertThat(Json.mapper().readValue(Events.read("cleanup.json"), DrillState.class).progress().copyArn()).isNotNull();
    }

    @Test
    void aMalformedEventIsANamedErrorAndCallsNothing() {
        assertThatThrownBy(() -> invoke(new SnapshotHandler(new SnapshotStep(rds, rds.backup(), CLOCK)), "{\"drillId\": [1, 2]"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("The event is not a valid DrillState");
    }
}
