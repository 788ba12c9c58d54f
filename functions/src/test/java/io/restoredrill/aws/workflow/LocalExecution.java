package io.restoredrill.aws.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One execution of a definition by aws-local-stepfunctions, through
 * {@code src/test/resources/workflow/local-execution.cjs}: Step Functions' own behaviour (states,
 * Choice, Retry, Catch, Map) is the library's; the script performs the {@code lambda:invoke} and
 * {@code startExecution.sync:2} integrations as Step Functions does, every Wait and Retry pause set
 * to zero.
 */
final class LocalExecution {

    private static final long TIMEOUT_SECONDS = 300;

    private final NodeTools tools;
    private final URI lambdaEndpoint;
    private final Path workDir;

    LocalExecution(NodeTools tools, URI lambdaEndpoint, Path workDir) {
        this.tools = tools;
        this.lambdaEndpoint = lambdaEndpoint;
        this.workDir = workDir;
    }

    /**
     * @param stateMachines the definitions a {@code startExecution.sync:2} task may start, by state machine ARN
     */
    Execution run(Path definition, String input, Map<String, Path> stateMachines) {
        try {
            ObjectNode job = Json.mapper().createObjectNode();
            job.put("toolsDir", tools.dir().toString());
            job.put("definition", definition.toString());
            job.set("input", Json.mapper().readTree(input));
            job.put("lambdaEndpoint", lambdaEndpoint.toString());
            job.put("region", "eu-west-1");
            ObjectNode machines = job.putObject("stateMachines");
            stateMachines.forEach((arn, file) -> machines.put(arn, file.toString()));
            Path jobFile = Files.createTempFile(workDir, "job-", ".json");
            Files.writeString(jobFile, job.toString());
            NodeTools.Result result = tools.run(TIMEOUT_SECONDS, script().toString(), jobFile.toString());
            if (result.exitCode() != 0) {
                throw new IllegalStateException("local-execution.cjs failed (exit " + result.exitCode() + "): "
                        + result.stderr());
            }
            return Execution.of(Json.mapper().readTree(result.stdout()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path script() {
        try {
            return Path.of(LocalExecution.class.getResource("/workflow/local-execution.cjs").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One event of the execution's history (the fields the tests read). */
    record Event(String type, String state, String error, String cause) {
    }

    /**
     * How the execution ended.
     *
     * @param status {@code SUCCEEDED} or {@code FAILED}
     * @param output the output of a succeeded execution
     * @param nested the executions its {@code startExecution.sync:2} tasks ran, in the order they ended
     */
    record Execution(String status, JsonNode output, String error, String cause, List<Event> events,
                     List<Execution> nested) {

        static Execution of(JsonNode json) {
            List<Event> events = new ArrayList<>();
            json.path("events").forEach(e -> events.add(new Event(e.path("type").asText(), text(e, "state"),
                    text(e, "error"), text(e, "cause"))));
            List<Execution> nested = new ArrayList<>();
            json.path("nested").forEach(n -> nested.add(of(n)));
            return new Execution(json.path("status").asText(), json.get("output"), text(json, "error"),
                    text(json, "cause"), List.copyOf(events), List.copyOf(nested));
        }

        private static String text(JsonNode node, String field) {
            JsonNode value = node.get(field);
            return value == null || value.isNull() ? null : value.asText();
        }

        /** How it ended and where it went, for assertion messages. */
        @Override
        public String toString() {
            return status + (error == null ? "" : " with " + error + ": " + cause) + " after " + path()
                    + (nested.isEmpty() ? "" : "; nested: " + nested);
        }

        /** The states entered, in order. */
        List<String> path() {
            return events.stream().filter(e -> e.type().equals("StateEntered")).map(Event::state).toList();
        }

        List<Event> eventsOf(String type, String state) {
            return events.stream().filter(e -> e.type().equals(type) && state.equals(e.state())).toList();
        }
    }
}
