package io.restoredrill.aws.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.restoredrill.aws.plan.DrillDefaults;
import io.restoredrill.aws.plan.DrillRequest;
import io.restoredrill.aws.plan.InputParser;
import io.restoredrill.aws.plan.PlanStep;
import io.restoredrill.aws.restoretest.RestoreJobs;
import io.restoredrill.aws.plan.SuiteObjects;
import io.restoredrill.aws.clients.AwsClients;
import io.restoredrill.core.deployment.FunctionEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.slf4j.MDC;

/** The Plan task: execution input in, drill state out (docs/state.md). */
public final class PlanHandler implements RequestStreamHandler {

    private final InputParser parser;
    private final PlanStep plan;
    @SuppressWarnings("unused") // held: CRaC keeps registered resources only weakly
    private final Priming priming = Priming.register();

    /** Used by the Lambda runtime: real clients, built once per container. */
    public PlanHandler() {
        this(new InputParser(DrillDefaults.fromEnvironment(System.getenv()), Clock.systemUTC()),
                new PlanStep(AwsClients.rds(), new SuiteObjects(AwsClients.s3(),
                        System.getenv(FunctionEnvironment.EVIDENCE_BUCKET)), new RestoreJobs(AwsClients.backup(),
                        RestoreJobs.planArns(System.getenv(FunctionEnvironment.RESTORE_TESTING_PLAN_ARNS))), Clock.systemUTC()));
    }

    public PlanHandler(InputParser parser, PlanStep plan) {
        this.parser = parser;
        this.plan = plan;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String json = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        LambdaJson.write(output, Invocations.run(context, "Plan", null, () -> {
            DrillRequest request = parser.parse(json);
            MDC.put(Invocations.DRILL_ID, request.drillId()); // from here on, every line names the new drill
            return plan.plan(request);
        }));
    }
}
