package io.restoredrill.aws.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.restoredrill.aws.clients.AwsClients;
import io.restoredrill.aws.restoretest.RestoreTestPlans;
import io.restoredrill.aws.restoretest.ValidatorStep;
import io.restoredrill.core.deployment.FunctionEnvironment;
import java.time.Clock;

/**
 * The restore-test validator, the target of the EventBridge rule on AWS Backup's "Restore Job State
 * Change" events of this deployment's restore testing plans ({@code RESTORE_TESTS}): starts the
 * restore-test state machine ({@code RESTORE_TEST_STATE_MACHINE_ARN}) for a completed restore job; and of
 * that machine's "Execution Status Change" events, answering FAILED for an execution that ended before its
 * answer. Not a state of any state machine. Returns one sentence on what it did.
 */
public final class RestoreTestValidatorHandler implements RequestHandler<ScheduledEvent, String> {

    private final ValidatorStep step;
    @SuppressWarnings("unused") // held: CRaC keeps registered resources only weakly
    private final Priming priming = Priming.register();

    /** Used by the Lambda runtime: real clients, built once per container. */
    public RestoreTestValidatorHandler() {
        this(new ValidatorStep(AwsClients.backup(), AwsClients.stepFunctions(),
                System.getenv(FunctionEnvironment.RESTORE_TEST_STATE_MACHINE_ARN),
                RestoreTestPlans.parse(System.getenv(FunctionEnvironment.RESTORE_TESTS)), Clock.systemUTC()));
    }

    public RestoreTestValidatorHandler(ValidatorStep step) {
        this.step = step;
    }

    @Override
    public String handleRequest(ScheduledEvent event, Context context) {
        return Invocations.run(context, "RestoreTestValidator", null, () -> step.validate(event).detail());
    }
}
