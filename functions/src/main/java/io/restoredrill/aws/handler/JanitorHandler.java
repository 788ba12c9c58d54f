package io.restoredrill.aws.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.restoredrill.aws.clients.AwsClients;
import io.restoredrill.aws.janitor.JanitorRequest;
import io.restoredrill.aws.janitor.JanitorStep;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The Janitor function: not a drill state, it runs on its own schedule. The schedule's payload
 * (events/janitor.json) may name the regions; the recovery region, where alone instances, clusters
 * and secrets can be drill-made, is the function's own ({@code RECOVERY_REGION}, else {@code AWS_REGION}).
 * The result lists what was removed and what was skipped.
 */
public final class JanitorHandler implements RequestStreamHandler {

    @SuppressWarnings("unused") // held: CRaC keeps registered resources only weakly
    private final Priming priming = Priming.register();

    private final JanitorStep janitor;
    private final Map<String, String> environment;

    /** Used by the Lambda runtime: real clients, built once per container. */
    public JanitorHandler() {
        this(new JanitorStep(AwsClients.rds(), AwsClients.secretsManager(), Clock.systemUTC()), System.getenv());
    }

    /**
     * @param environment where the default regions and the recovery region come from ({@code SOURCE_REGION},
     *                    {@code RECOVERY_REGION}, {@code AWS_REGION})
     */
    public JanitorHandler(JanitorStep janitor, Map<String, String> environment) {
        this.janitor = janitor;
        this.environment = Map.copyOf(environment);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readAllBytes();
        LambdaJson.write(output, Invocations.run(context, "Janitor", null, () -> {
            // A schedule without a payload may deliver nothing, or null: both mean "the default regions".
            JanitorRequest request = new String(event, StandardCharsets.UTF_8).isBlank() ? null
                    : LambdaJson.read(new ByteArrayInputStream(event), JanitorRequest.class);
            List<String> regions = (request == null ? new JanitorRequest(null) : request).regionsOr(environment);
            return janitor.sweep(regions, JanitorRequest.recoveryRegion(environment));
        }));
    }
}
