package io.restoredrill.aws.handler;

import io.restoredrill.aws.state.DrillState;
import io.restoredrill.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming: before the snapshot is taken, run the JSON path every invocation takes (read
 * and write a full drill state) so its classes are loaded and initialised in the snapshot, not on
 * the first restored invocation. Nothing is called over the network: credentials and connections
 * must not be frozen into a snapshot. The handler keeps a strong reference, as CRaC holds
 * resources weakly.
 */
final class Priming implements Resource {

    private static final String SAMPLE_STATE = "/events/cleanup.json";

    static Priming register() {
        Priming priming = new Priming();
        Core.getGlobalContext().register(priming);
        return priming;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing to refresh: SDK clients resolve credentials per call
    }

    static void prime() {
        try (InputStream sample = Priming.class.getResourceAsStream(SAMPLE_STATE)) {
            if (sample == null) {
                throw new IllegalStateException(SAMPLE_STATE + " is missing from the jar");
            }
            DrillState state = Json.mapper().readValue(sample, DrillState.class);
            Json.mapper().writeValueAsBytes(state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
