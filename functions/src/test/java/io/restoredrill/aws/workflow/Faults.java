package io.restoredrill.aws.workflow;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/** Handlers that fail on purpose, wrapped around the real ones. */
final class Faults {

    private Faults() {
    }

    /**
     * The real handler does its work (it may create resources), then the invocation fails anyway, as
     * when a Lambda times out after its last AWS call: the state never learns what was created.
     */
    static RequestStreamHandler afterItsWork(RequestStreamHandler real, Supplier<RuntimeException> failure) {
        return (input, output, context) -> {
            real.handleRequest(input, OutputStream.nullOutputStream(), context);
            throw failure.get();
        };
    }

    /** The {@code n}th invocation fails after its handler did its work (as {@link #afterItsWork}); the others succeed. */
    static RequestStreamHandler nthCallAfterItsWork(RequestStreamHandler real, int n, Supplier<RuntimeException> failure) {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        return (input, output, context) -> {
            if (calls.incrementAndGet() == n) {
                afterItsWork(real, failure).handleRequest(input, output, context);
            }
            real.handleRequest(input, output, context);
        };
    }

    /** The first invocation fails before the handler runs (as a throttled AWS call does); later ones run it. */
    static RequestStreamHandler firstCallFails(RequestStreamHandler real, RuntimeException failure) {
        AtomicBoolean failed = new AtomicBoolean();
        return (input, output, context) -> {
            if (failed.compareAndSet(false, true)) {
                throw failure;
            }
            real.handleRequest(input, output, context);
        };
    }

    /** Every invocation fails before the handler runs. */
    static RequestStreamHandler alwaysFails(Supplier<RuntimeException> failure) {
        return (input, output, context) -> {
            throw failure.get();
        };
    }
}
