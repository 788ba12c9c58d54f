package io.restoredrill.aws.workflow;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.aws.Events;
import io.restoredrill.aws.testing.MotoRds;
import io.restoredrill.aws.testing.StatusRewriter;
import io.restoredrill.aws.testing.TestCa;
import io.restoredrill.aws.workflow.LocalExecution.Execution;
import io.restoredrill.core.json.Json;
import io.restoredrill.testing.MotoServer;
import io.restoredrill.testing.PostgresFixture;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real drill, for bench/drill-cost.sh: statemachine/restore-drill.asl.json executed by
 * aws-local-stepfunctions exactly as the workflow tests run it (WorkflowWorld: moto, the real
 * handlers behind a loopback Lambda Invoke endpoint, a TLS PostgreSQL standing in for the restored
 * database), except that RDS keeps the snapshot, the copy and the restored instance "on the way"
 * for as many polls as a drill of the given size takes. Counts what AWS bills per drill: state
 * transitions (states entered, retries), Lambda invocations and their durations, AWS API calls.
 * Also runs the fleet state machine once (dry run, one source) to count a scheduled drill's share.
 *
 * <pre>DrillCost &lt;snapshot minutes&gt; &lt;copy minutes&gt; &lt;restore minutes&gt; &lt;output.json&gt;</pre>
 *
 * Working directory: {@code functions/} (the tests' own layout). Needs the workflow tier's Node
 * tools (scripts/install-test-tools).
 */
public final class DrillCost {

    private static final String DRILL_ARN = "arn:aws:states:eu-west-1:123456789012:stateMachine:restore-drill";

    private DrillCost() {
    }

    public static void main(String[] args) throws Exception {
        // what the handlers print (their log lines, as CloudWatch Logs would ingest them) is counted, before Log4j starts
        CountingStream logs = new CountingStream(System.out);
        System.setOut(new PrintStream(logs, true, StandardCharsets.UTF_8));
        double snapshotMinutes = Double.parseDouble(args[0]);
        double copyMinutes = Double.parseDouble(args[1]);
        double restoreMinutes = Double.parseDouble(args[2]);
        Path output = Path.of(args[3]).toAbsolutePath();

        JsonNode asl = Json.mapper().readTree(Definitions.read(Definitions.DRILL));
        Map<String, Integer> waits = new LinkedHashMap<>();
        for (String wait : List.of("WaitSnapshot", "WaitCopy", "WaitRestore")) {
            waits.put(wait, asl.at("/States/" + wait + "/Seconds").asInt());
        }
        int snapshotPolls = polls(snapshotMinutes, waits.get("WaitSnapshot"));
        int copyPolls = polls(copyMinutes, waits.get("WaitCopy"));
        int restorePolls = polls(restoreMinutes, waits.get("WaitRestore"));

        NodeTools tools = NodeTools.require();
        MotoServer moto = new MotoServer();
        ExtensionContext owner = owner();
        List<AutoCloseable> started = new CopyOnWriteArrayList<>();
        // also on SIGTERM (bench/drill-cost.sh's trap): moto and the PostgreSQL stand-in are this JVM's to stop
        Runtime.getRuntime().addShutdownHook(new Thread(() -> started.forEach(DrillCost::closeQuietly)));
        moto.beforeAll(owner);
        started.add(() -> moto.afterAll(owner));
        Path work = Files.createTempDirectory("drill-cost-");
        try (LambdaEndpoint lambda = new LambdaEndpoint()) {
            TestCa ca = TestCa.create(Files.createDirectories(work.resolve("ca")));
            PostgresFixture standIn = PostgresFixture.start(ca.issue("localhost"));
            started.add(0, standIn);
            standIn.execute("postgres", "CREATE ROLE postgres LOGIN SUPERUSER PASSWORD 'set-by-credentials-0'");
            standIn.createDatabase("shop");
            standIn.execute("shop", """
                    CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
                    INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 250) g;
                    CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int NOT NULL REFERENCES customers, total numeric(10, 2));
                    INSERT INTO orders SELECT g, 1 + g % 250, g * 1.25 FROM generate_series(1, 1200) g;
                    """);
            LocalExecution local = new LocalExecution(tools, lambda.uri(), work);
            Path drill = Definitions.write(work, "restore-drill.json", Definitions.drillWithFunctionNames());
            Path fleet = Definitions.write(work, "restore-drill-fleet.json", Definitions.substituted(
                    Definitions.read(Definitions.FLEET), Map.of("DrillStateMachineArn", DRILL_ARN)));

            // RDS as a drill of this size sees it: each Check's Describe answers "on the way" until its last poll
            List<String> statuses = new ArrayList<>();
            statuses.addAll(Collections.nCopies(snapshotPolls - 1, "creating"));
            statuses.add("available");
            statuses.addAll(Collections.nCopies(copyPolls - 1, "copying"));
            statuses.add("available");
            statuses.addAll(Collections.nCopies(restorePolls - 1, "creating"));
            statuses.add("available");
            StatusRewriter rds = new StatusRewriter().then(statuses.toArray(String[]::new));

            ObjectNode result = Json.mapper().createObjectNode();
            result.set("waitSeconds", Json.mapper().valueToTree(waits));
            result.set("assumedMinutes", Json.mapper().valueToTree(Map.of("snapshot", snapshotMinutes, "copy", copyMinutes,
                    "restore", restoreMinutes)));
            result.set("polls", Json.mapper().valueToTree(Map.of("CheckSnapshot", snapshotPolls, "CheckCopy", copyPolls,
                    "CheckRestore", restorePolls)));

            try (WorkflowWorld world = new WorkflowWorld(moto, standIn, ca.certificate());
                 MotoRds checks = new MotoRds(moto, rds)) {
                Map<String, List<Double>> durations = new ConcurrentHashMap<>();
                lambda.serve(timed(world.functions(checks), durations));
                ApiCalls.reset();
                long logBytes = logs.count();
                long start = System.nanoTime();
                Execution execution = local.run(drill, Events.read("manual-start.json"), Map.of());
                double seconds = (System.nanoTime() - start) / 1e9;
                logBytes = logs.count() - logBytes;
                if (!execution.status().equals("SUCCEEDED")) {
                    throw new IllegalStateException("the drill did not pass: " + execution);
                }
                Map<String, Long> invocations = counts(lambda.invocations());
                for (Map.Entry<String, Integer> poll : Map.of("CheckSnapshot", snapshotPolls, "CheckCopy", copyPolls,
                        "CheckRestore", restorePolls).entrySet()) {
                    if (invocations.getOrDefault(poll.getKey(), 0L) != poll.getValue().longValue()) {
                        throw new IllegalStateException(poll.getKey() + " ran " + invocations.get(poll.getKey())
                                + " times, not the " + poll.getValue() + " polls asked for");
                    }
                }
                result.set("drill", summary(execution, invocations, durations, seconds));
                result.set("apiCalls", Json.mapper().valueToTree(ApiCalls.counted()));
                result.put("verdict", world.report().get("verdict").asText());
                result.put("handlerLogBytes", logBytes);
                result.set("emfMetrics", Json.mapper().valueToTree(emfMetrics(world.metrics)));
                result.put("emfLogBytes", world.metrics.stream().mapToLong(l -> l.getBytes(StandardCharsets.UTF_8).length + 1).sum());
            }

            // The fleet's own states for a scheduled drill (its drill a dry run: only the fleet's share counts here)
            moto.reset();
            try (WorkflowWorld world = new WorkflowWorld(moto, standIn, ca.certificate())) {
                lambda.serve(world.functions());
                String input = Events.with(Events.with(Events.read("schedule.json"), "sources",
                        List.of(Map.of("source", "shop-prod"))), "defaults.dryRun", true);
                Execution fleetRun = local.run(fleet, input, Map.of(DRILL_ARN, drill));
                if (!fleetRun.status().equals("SUCCEEDED")) {
                    throw new IllegalStateException("the fleet did not succeed: " + fleetRun);
                }
                ObjectNode share = Json.mapper().createObjectNode();
                share.put("stateTransitions", transitions(fleetRun));
                share.set("states", Json.mapper().valueToTree(counts(fleetRun.path())));
                result.set("fleetPerScheduledDrill", share);
            }
            result.set("memoryMb", Json.mapper().valueToTree(memorySizes()));
            Files.writeString(output, Json.mapper().writeValueAsString(result));
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            System.err.println("drill-cost: could not stop " + resource + ": " + e);
        }
    }

    /** The distinct CloudWatch metrics (namespace, name, dimension set) in Publish's EMF lines: what is billed as custom metrics. */
    private static List<String> emfMetrics(List<String> lines) throws java.io.IOException {
        List<String> metrics = new ArrayList<>();
        for (String line : lines) {
            JsonNode root = Json.mapper().readTree(line);
            for (JsonNode directive : root.path("_aws").path("CloudWatchMetrics")) {
                for (JsonNode dimensions : directive.path("Dimensions")) {
                    List<String> dims = new ArrayList<>();
                    dimensions.forEach(d -> dims.add(d.asText() + "=" + root.path(d.asText()).asText()));
                    for (JsonNode metric : directive.path("Metrics")) {
                        String id = directive.path("Namespace").asText() + "/" + metric.path("Name").asText() + dims;
                        if (!metrics.contains(id)) {
                            metrics.add(id);
                        }
                    }
                }
            }
        }
        return metrics;
    }

    /** Counts the bytes written through it. */
    private static final class CountingStream extends java.io.FilterOutputStream {
        private final java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();

        CountingStream(java.io.OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws java.io.IOException {
            written.incrementAndGet();
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            written.addAndGet(len);
            out.write(b, off, len);
        }

        long count() {
            return written.get();
        }
    }

    /** Checks after each Wait until the resource is ready: the first check comes one Wait after the start. */
    static int polls(double minutes, int waitSeconds) {
        return Math.max(1, (int) Math.ceil(minutes * 60 / waitSeconds));
    }

    private static ObjectNode summary(Execution execution, Map<String, Long> invocations,
                                      Map<String, List<Double>> durations, double seconds) {
        ObjectNode drill = Json.mapper().createObjectNode();
        drill.put("status", execution.status());
        drill.put("stateTransitions", transitions(execution));
        drill.put("retries", execution.events().stream().filter(e -> e.type().equals("StateRetried")).count());
        drill.set("states", Json.mapper().valueToTree(counts(execution.path())));
        drill.set("invocations", Json.mapper().valueToTree(invocations));
        drill.set("durationsMs", Json.mapper().valueToTree(new TreeMap<>(durations)));
        // with logging level ALL and execution data, CloudWatch Logs gets each history event with the state
        drill.set("historyEvents", Json.mapper().valueToTree(counts(execution.events().stream().map(e -> e.type()).toList())));
        drill.put("finalStateBytes", execution.output().toString().getBytes(StandardCharsets.UTF_8).length);
        drill.put("runSeconds", seconds);
        return drill;
    }

    /** What Step Functions bills for a Standard workflow: every state entered, and every retry. */
    private static long transitions(Execution execution) {
        return execution.events().stream().filter(e -> e.type().equals("StateEntered") || e.type().equals("StateRetried"))
                .count();
    }

    private static Map<String, Long> counts(List<String> names) {
        Map<String, Long> counts = new LinkedHashMap<>();
        names.forEach(name -> counts.merge(name, 1L, Long::sum));
        return counts;
    }

    private static Map<String, RequestStreamHandler> timed(Map<String, RequestStreamHandler> functions,
                                                           Map<String, List<Double>> durations) {
        Map<String, RequestStreamHandler> timed = new LinkedHashMap<>();
        functions.forEach((name, handler) -> timed.put(name, (input, output, context) -> {
            long start = System.nanoTime();
            try {
                handler.handleRequest(input, output, context);
            } finally {
                durations.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add((System.nanoTime() - start) / 1e6);
            }
        }));
        return timed;
    }

    /** Each function's memory as the CDK stack sets it (infra's Task enum: {@code PLAN("Plan", 1024, …)}). */
    private static Map<String, Integer> memorySizes() throws Exception {
        String source = Files.readString(Definitions.repository()
                .resolve("infra/src/main/java/io/restoredrill/infra/Task.java"));
        Map<String, Integer> sizes = new LinkedHashMap<>();
        Matcher task = Pattern.compile("[A-Z_]+\\(\"(\\w+)\", (\\d+),").matcher(source);
        while (task.find()) {
            sizes.put(task.group(1), Integer.parseInt(task.group(2)));
        }
        if (sizes.size() != 12) {
            throw new IllegalStateException("expected 12 tasks with their memory in infra's Task.java, found " + sizes);
        }
        return sizes;
    }

    /** MotoServer is a JUnit extension; outside JUnit it needs only an owner id. */
    private static ExtensionContext owner() {
        return (ExtensionContext) Proxy.newProxyInstance(DrillCost.class.getClassLoader(),
                new Class<?>[] {ExtensionContext.class}, (proxy, method, arguments) -> {
                    if (method.getName().equals("getUniqueId")) {
                        return "bench/drill-cost";
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
