import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.crac.Resource;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * One cold start, as the Lambda Java runtime does it, in this fresh JVM (bench/lambda-init.sh):
 * the handler's no-argument constructor (the init phase: real SDK clients from the environment,
 * AWS_ENDPOINT_URL pointing them at moto), then one invocation on the event file.
 *
 * <pre>
 * FirstRequest &lt;handler class&gt; &lt;event&gt; &lt;output&gt; [--prime] [--again]
 * FirstRequest baseline &lt;event&gt; &lt;output&gt;
 * </pre>
 *
 * {@code --prime} runs what SnapStart runs before its snapshot: every {@link Resource} the handler
 * holds gets {@code beforeCheckpoint} (Priming), between init and the request. {@code --again}
 * handles the same event a second time, in the now warm JVM: roughly the request's own work
 * (valid where the task may run twice on one event; its outcome is reported apart).
 *
 * <p>{@code baseline} is the floor a handler is compared with: it reads the event too, then builds
 * one {@link RdsClient} for {@code AWS_REGION} on the same URL-connection HTTP client and makes one
 * DescribeDBInstances call to moto, and writes a few bytes. No JSON library, no logging framework.
 *
 * <p>Prints one line on stderr: {@code BENCH init_ms=… prime_ms=… request_ms=… outcome=…
 * again_ms=… again_outcome=…}; the
 * wall time and max RSS of the whole JVM are measured by the script. Exit code 0 when the request
 * was handled, 3 when the handler threw (the outcome names the error type).
 */
public final class FirstRequest {

    private FirstRequest() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        String target = args[0];
        Path event = Path.of(args[1]);
        Path output = Path.of(args[2]);
        List<String> options = List.of(args).subList(3, args.length);
        boolean prime = options.contains("--prime");
        if (target.equals("baseline")) {
            baseline(start, event, output);
            return;
        }
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(target).getConstructor().newInstance();
        long initialised = System.nanoTime();
        if (prime) {
            for (Resource resource : resources(handler)) {
                resource.beforeCheckpoint(null);
                resource.afterRestore(null);
            }
        }
        long primed = System.nanoTime();
        String outcome = handle(handler, target, event, output);
        long done = System.nanoTime();
        String again = "";
        if (options.contains("--again")) {
            String secondOutcome = handle(handler, target, event, output);
            again = String.format(Locale.ROOT, " again_ms=%.1f again_outcome=%s", (System.nanoTime() - done) / 1e6,
                    secondOutcome);
        }
        report(initialised - start, primed - initialised, done - primed, outcome + again);
        System.exit(outcome.equals("ok") ? 0 : 3);
    }

    /** One invocation; {@code ok}, or the type of what the handler threw. */
    private static String handle(RequestStreamHandler handler, String target, Path event, Path output) throws Exception {
        try (InputStream in = Files.newInputStream(event); OutputStream out = Files.newOutputStream(output)) {
            handler.handleRequest(in, out, new LocalContext(target.replaceAll(".*\\.", "")));
            return "ok";
        } catch (Exception e) {
            System.err.println("FirstRequest: " + target + " failed: " + e);
            return e.getClass().getName();
        }
    }

    private static void baseline(long start, Path event, Path output) throws Exception {
        byte[] input = Files.readAllBytes(event);
        long read = System.nanoTime();
        int instances;
        try (RdsClient rds = RdsClient.builder().region(Region.of(System.getenv("AWS_REGION")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            instances = rds.describeDBInstances().dbInstances().size();
        }
        Files.writeString(output, "{\"eventBytes\":" + input.length + ",\"instances\":" + instances + "}");
        report(read - start, 0, System.nanoTime() - read, "ok");
    }

    /** The CRaC resources the handler keeps (its Priming), as the runtime's global context would call them. */
    private static List<Resource> resources(Object handler) throws IllegalAccessException {
        List<Resource> found = new ArrayList<>();
        for (Class<?> type = handler.getClass(); type != null; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Resource.class.isAssignableFrom(field.getType())) {
                    field.setAccessible(true);
                    found.add((Resource) field.get(handler));
                }
            }
        }
        if (found.isEmpty()) {
            throw new IllegalStateException(handler.getClass().getName() + " registers no CRaC resource to prime");
        }
        return found;
    }

    private static void report(long initNanos, long primeNanos, long requestNanos, String outcome) {
        System.err.println(String.format(Locale.ROOT, "BENCH init_ms=%.1f prime_ms=%.1f request_ms=%.1f outcome=%s",
                initNanos / 1e6, primeNanos / 1e6, requestNanos / 1e6, outcome));
    }

    /** The context fields Powertools logs (as the functions' InvokeOnce test helper gives them). */
    private record LocalContext(String functionName) implements Context {
        @Override public String getAwsRequestId() { return UUID.randomUUID().toString(); }
        @Override public String getLogGroupName() { return "/aws/lambda/" + functionName; }
        @Override public String getLogStreamName() { return "local"; }
        @Override public String getFunctionName() { return functionName; }
        @Override public String getFunctionVersion() { return "$LATEST"; }
        @Override public String getInvokedFunctionArn() {
            return "arn:aws:lambda:eu-west-1:123456789012:function:" + functionName;
        }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return 900_000; }
        @Override public int getMemoryLimitInMB() { return 1024; }
        @Override public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override public void log(String message) { System.out.print(message); }
                @Override public void log(byte[] message) { System.out.print(new String(message, StandardCharsets.UTF_8)); }
            };
        }
    }
}
