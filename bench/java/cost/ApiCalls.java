package io.restoredrill.aws.workflow;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts every AWS API call the drill's code makes, as {@code Service:Operation}: the SDK loads
 * this interceptor for every client from the classpath resource
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors} (bench/java/cost), so the
 * handlers' own clients are counted without a change to them. The count is static because the SDK
 * builds the interceptor itself; only bench/drill-cost.sh puts it on a classpath.
 */
public final class ApiCalls implements ExecutionInterceptor {

    private static final Map<String, LongAdder> CALLS = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String call = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + ":"
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        CALLS.computeIfAbsent(call, c -> new LongAdder()).increment();
    }

    static void reset() {
        CALLS.clear();
    }

    static Map<String, Long> counted() {
        Map<String, Long> counts = new TreeMap<>();
        CALLS.forEach((call, count) -> counts.put(call, count.sum()));
        return counts;
    }
}
