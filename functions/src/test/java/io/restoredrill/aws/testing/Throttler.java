package io.restoredrill.aws.testing;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Plays AWS throttling one API operation: while armed, every answer moto gives to that operation is
 * replaced, on the wire, by the throttling error that service really sends, in its own protocol's
 * shape. The SDK then parses it and applies its own retry policy, exactly as with AWS.
 */
public final class Throttler implements ExecutionInterceptor {

    /** A service and one of its operations, as the SDK names them ("Rds", "CreateDBSnapshot"). */
    public record Call(String service, String operation) {
        @Override
        public String toString() {
            return service + "." + operation;
        }
    }

    private volatile Call armed;
    private volatile int throttled;

    public void arm(Call call) {
        armed = call;
        throttled = 0;
    }

    public void disarm() {
        armed = null;
    }

    /** How many answers were replaced since {@link #arm}. */
    public int throttled() {
        return throttled;
    }

    public static Call callOf(ExecutionAttributes attributes) {
        return new Call(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }

    private boolean hits(ExecutionAttributes attributes) {
        Call call = armed;
        return call != null && call.equals(callOf(attributes));
    }

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        if (!hits(attributes)) {
            return context.httpResponse();
        }
        throttled++;
        Error error = Error.of(armed.service());
        return context.httpResponse().toBuilder().statusCode(error.status()).clearHeaders()
                .putHeader("Content-Type", error.contentType())
                .putHeader("x-amzn-RequestId", "throttled-by-test")
                .putHeader("x-amzn-ErrorType", error.code())
                .build();
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
                                                           ExecutionAttributes attributes) {
        if (!hits(attributes)) {
            return context.responseBody();
        }
        return Optional.of(new ByteArrayInputStream(Error.of(armed.service()).body().getBytes(StandardCharsets.UTF_8)));
    }

    /** The throttling answer of each protocol, as the services document it. */
    private record Error(int status, String contentType, String code, String body) {

        static Error of(String service) {
            return switch (service) {
                // AWS Query protocol (RDS, SNS): HTTP 400 with an ErrorResponse document
                case "Rds", "Sns" -> new Error(400, "text/xml", "Throttling",
                        "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message>"
                                + "</Error><RequestId>throttled-by-test</RequestId></ErrorResponse>");
                // REST-XML (S3): 503 SlowDown
                case "S3" -> new Error(503, "application/xml", "SlowDown",
                        "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message>"
                                + "<RequestId>throttled-by-test</RequestId></Error>");
                // JSON protocols (Secrets Manager, Backup): HTTP 400 ThrottlingException
                default -> new Error(400, "application/x-amz-json-1.1", "ThrottlingException",
                        "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}");
            };
        }
    }
}
