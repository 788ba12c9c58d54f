package io.restoredrill.aws.workflow;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.restoredrill.core.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lambda's Invoke API on a loopback port ({@code POST /2015-03-31/functions/{name}/invocations}),
 * each function served in this JVM by a real handler. It answers as the Lambda service does for a
 * Java function: the handler's output as the body; for a thrown exception HTTP 200 with
 * {@code X-Amz-Function-Error: Unhandled} and the Java runtime's error document, whose
 * {@code errorType} (the exception's fully qualified class name) Step Functions uses as the error
 * name. An unknown function is Lambda's 404 {@code ResourceNotFoundException}.
 *
 * <p>Invocations are served concurrently, as Lambda runs one instance per concurrent invocation:
 * up to {@link #CONCURRENCY} at once (the concurrent-drills test runs 20 executions), the same
 * handler objects serving all of them.
 */
final class LambdaEndpoint implements AutoCloseable {

    private static final Pattern INVOCATION = Pattern.compile("/2015-03-31/functions/([^/]+)/invocations");
    static final int CONCURRENCY = 32;

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(CONCURRENCY);
    private volatile Map<String, RequestStreamHandler> functions = Map.of();
    private final List<String> invocations = new CopyOnWriteArrayList<>();

    LambdaEndpoint() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 2 * CONCURRENCY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/2015-03-31/functions/", this::invoke);
        server.setExecutor(threads);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Serves these functions from now on (by function name), and forgets earlier invocations. */
    void serve(Map<String, RequestStreamHandler> byName) {
        functions = Map.copyOf(byName);
        invocations.clear();
    }

    /** The functions invoked since {@link #serve}, in order. */
    List<String> invocations() {
        return List.copyOf(invocations);
    }

    private void invoke(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher matcher = INVOCATION.matcher(exchange.getRequestURI().getRawPath());
            if (!"POST".equals(exchange.getRequestMethod()) || !matcher.matches()) {
                respond(exchange, 404, Map.of("x-amzn-ErrorType", "UnknownOperationException"),
                        "{\"message\": \"Unknown operation\"}");
                return;
            }
            String name = URLDecoder.decode(matcher.group(1), StandardCharsets.UTF_8);
            RequestStreamHandler handler = functions.get(name);
            if (handler == null) {
                respond(exchange, 404, Map.of("x-amzn-ErrorType", "ResourceNotFoundException"),
                        "{\"Type\": \"User\", \"message\": \"Function not found: " + name + "\"}");
                return;
            }
            invocations.add(name);
            byte[] event = exchange.getRequestBody().readAllBytes();
            ByteArrayOutputStream result = new ByteArrayOutputStream();
            try {
                handler.handleRequest(new ByteArrayInputStream(event), result, null);
            } catch (Exception | Error e) {
                respond(exchange, 200, Map.of("X-Amz-Function-Error", "Unhandled", "X-Amz-Executed-Version", "$LATEST"),
                        errorDocument(e));
                return;
            }
            respond(exchange, 200, Map.of("X-Amz-Executed-Version", "$LATEST"), result.toString(StandardCharsets.UTF_8));
        }
    }

    /** What Lambda returns for a failure of the runtime itself, not of the handler's code (e.g. a timeout). */
    static final class RuntimeFailure extends RuntimeException {
        private final String errorType;

        RuntimeFailure(String errorType, String message) {
            super(message);
            this.errorType = errorType;
        }
    }

    /** What the Lambda Java runtime returns for an unhandled exception (the stack trace left empty). */
    private static String errorDocument(Throwable e) {
        ObjectNode error = Json.mapper().createObjectNode();
        error.put("errorMessage", e.getMessage());
        error.put("errorType", e instanceof RuntimeFailure runtime ? runtime.errorType : e.getClass().getName());
        error.putArray("stackTrace");
        return error.toString();
    }

    private static void respond(HttpExchange exchange, int status, Map<String, String> headers, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        headers.forEach(exchange.getResponseHeaders()::add);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
