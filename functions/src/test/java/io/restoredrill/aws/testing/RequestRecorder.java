package io.restoredrill.aws.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Keeps every SDK request a client sent, so tests can assert the exact request. */
public final class RequestRecorder implements ExecutionInterceptor {

    private final List<SdkRequest> requests = new CopyOnWriteArrayList<>();
    private final List<String> regions = new CopyOnWriteArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        requests.add(context.request());
        regions.add(String.valueOf(attributes.getAttribute(AwsExecutionAttribute.AWS_REGION)));
    }

    /** How many requests went to a region so far. */
    public long sentTo(String region) {
        return regions.stream().filter(region::equals).count();
    }

    public <T extends SdkRequest> List<T> sent(Class<T> type) {
        return requests.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
