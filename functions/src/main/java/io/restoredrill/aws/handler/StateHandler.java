package io.restoredrill.aws.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.restoredrill.aws.state.DrillState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * A task that takes the drill state (docs/state.md) and returns it with its own part added. The
 * task's name is the handler's class name without {@code Handler}: the state name in the ASL.
 */
abstract class StateHandler implements RequestStreamHandler {

    private final BiFunction<DrillState, Context, DrillState> step;
    @SuppressWarnings("unused") // held: CRaC keeps registered resources only weakly
    private final Priming priming = Priming.register();

    StateHandler(UnaryOperator<DrillState> step) {
        this((state, context) -> step.apply(state));
    }

    /** A step that needs the invocation's context (how long it has left). */
    StateHandler(BiFunction<DrillState, Context, DrillState> step) {
        this.step = step;
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        DrillState state = LambdaJson.read(input, DrillState.class);
        String task = getClass().getSimpleName().replaceFirst("Handler$", "");
        LambdaJson.write(output, Invocations.run(context, task, state.drillId(), () -> step.apply(state, context)));
    }
}
