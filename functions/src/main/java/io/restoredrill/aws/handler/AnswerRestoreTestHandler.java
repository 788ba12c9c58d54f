package io.restoredrill.aws.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.aws.clients.AwsClients;
import io.restoredrill.aws.restoretest.AnswerStep;
import io.restoredrill.aws.restoretest.RestoreJobs;
import io.restoredrill.core.deployment.FunctionEnvironment;
import io.restoredrill.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The AnswerRestoreTest task of the restore-test state machine: answers AWS Backup's restore job with
 * SUCCESSFUL or FAILED and the reason, in the function's own region ({@code AWS_REGION}), for the deployment's
 * restore testing plans ({@code RESTORE_TESTING_PLAN_ARNS}) only. Takes whatever state the drill ended with (a refused Plan's
 * input, or the drill state) and returns the answer; the state machine keeps its own state.
 */
public final class AnswerRestoreTestHandler implements RequestStreamHandler {

    private final AnswerStep step;
    @SuppressWarnings("unused") // held: CRaC keeps registered resources only weakly
    private final Priming priming = Priming.register();

    /** Used by the Lambda runtime: real clients, built once per container. */
    public AnswerRestoreTestHandler() {
        this(new AnswerStep(AwsClients.backup(), AwsClients.rds(), System.getenv("AWS_REGION"),
                RestoreJobs.planArns(System.getenv(FunctionEnvironment.RESTORE_TESTING_PLAN_ARNS))));
    }

    public AnswerRestoreTestHandler(AnswerStep step) {
        this.step = step;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode state = Json.mapper().readTree(input);
        String drillId = state.path("drillId").asText(null);
        LambdaJson.write(output, Invocations.run(context, "AnswerRestoreTest", drillId, () -> step.answer(state)));
    }
}
