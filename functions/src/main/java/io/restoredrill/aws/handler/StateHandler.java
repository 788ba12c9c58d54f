package io.restoredrill.aws.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.restoredrill.aws.plan.DrillState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Function;

/** A task that takes the drill state (docs/state.md) and returns the step's result. */
abstract class StateHandler implements RequestStreamHandler {

    private final Function<DrillState, ?> step;

    StateHandler(Function<DrillState, ?> step) {
        this.step = step;
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LambdaJson.write(output, step.apply(LambdaJson.read(input, DrillState.class)));
    }
}
