package io.restoredrill.aws.workflow;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.aws.testing.TestClock;
import io.restoredrill.core.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Which of several concurrent executions a Lambda invocation serves, known from the function it
 * was invoked as (each execution's definition names its own functions) and held for the
 * invocation's thread. With it, each execution has its own clock (its Waits move only its own
 * time, as real drills wait side by side), and every SDK request and every invocation is recorded
 * against the execution that made it, so cross-talk can be told from the record alone.
 */
final class ExecutionScope {

    /** An SDK request, the region it went to, and the execution whose invocation sent it ({@code -1}: none). */
    record Sent(int execution, String region, SdkRequest request) {
    }

    /**
     * One invocation: the drill ids in its event and its result ({@code null} where the JSON has
     * none, as Plan's input), when it ran ({@link System#nanoTime()}), and whether it threw.
     */
    record Invocation(int execution, String function, String drillIdIn, String drillIdOut, long startNanos,
                      long endNanos, boolean threw) {
    }

    private final ThreadLocal<Integer> current = new ThreadLocal<>();
    private final List<TestClock> clocks = new ArrayList<>();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final List<Invocation> invocations = new CopyOnWriteArrayList<>();

    /** @param start every execution's clock starts here: the drills start at the same moment */
    ExecutionScope(int executions, Instant start) {
        for (int i = 0; i < executions; i++) {
            clocks.add(new TestClock(start));
        }
    }

    /** The handler, serving execution {@code execution} only: it runs in that execution's scope, and is recorded. */
    RequestStreamHandler serving(int execution, String function, RequestStreamHandler handler) {
        return (input, output, context) -> {
            byte[] event = input.readAllBytes();
            ByteArrayOutputStream result = new ByteArrayOutputStream();
            long start = System.nanoTime();
            boolean threw = true;
            current.set(execution);
            try {
                handler.handleRequest(new ByteArrayInputStream(event), result, context);
                threw = false;
            } finally {
                current.remove();
                invocations.add(new Invocation(execution, function, drillId(event), threw ? null : drillId(result.toByteArray()),
                        start, System.nanoTime(), threw));
            }
            output.write(result.toByteArray());
        };
    }

    /** The current execution's time. */
    Clock clock() {
        return new Clock() {
            @Override
            public Instant instant() {
                return clocks.get(execution()).instant();
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
    }

    /** Moves the current execution's time only. */
    void advance(Duration by) {
        clocks.get(execution()).advance(by);
    }

    /** Records every request of the clients it is given to, against the execution whose invocation sent it. */
    ExecutionInterceptor recorder() {
        return new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                Integer execution = current.get();
                sent.add(new Sent(execution == null ? -1 : execution,
                        String.valueOf(attributes.getAttribute(AwsExecutionAttribute.AWS_REGION)), context.request()));
            }
        };
    }

    List<Sent> sent() {
        return List.copyOf(sent);
    }

    List<Invocation> invocations() {
        return List.copyOf(invocations);
    }

    private int execution() {
        Integer execution = current.get();
        if (execution == null) {
            throw new IllegalStateException("the clock was read outside a Lambda invocation (thread "
                    + Thread.currentThread().getName() + "); a handler handed work to a thread of its own");
        }
        return execution;
    }

    private static String drillId(byte[] json) {
        try {
            JsonNode id = Json.mapper().readTree(json).get("drillId");
            return id == null || id.isNull() ? null : id.asText();
        } catch (IOException e) {
            return null;
        }
    }
}
