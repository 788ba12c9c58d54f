package io.restoredrill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.json.Json;
import io.restoredrill.core.run.DrillIds;
import io.restoredrill.core.verify.suite.InlineSuites;
import io.restoredrill.core.verify.suite.SuiteLoader;
import io.restoredrill.remote.AwsAccess;
import io.restoredrill.remote.DrillExecutions;
import io.restoredrill.remote.DrillExecutions.Execution;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/** {@code drill start}: starts an AWS drill, with the input the schedule would send. */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Starts a restore drill of an RDS or Aurora PostgreSQL database on the deployed state machine.",
                "Exit 0: started (with --wait: the drill passed). 1: with --wait, the drill failed. 2: bad input or AWS access."})
final class StartCommand implements Callable<Integer> {

    static final String STATE_MACHINE_ENV = "RESTORE_DRILL_STATE_MACHINE_ARN";

    @Spec
    private CommandSpec spec;

    @Option(names = "--source", paramLabel = "ID", description = "RDS DB instance or Aurora cluster identifier to drill.")
    private String source;

    @Option(names = "--input", paramLabel = "FILE", description = "A full execution input (events/manual-start.json); --source and the flags below override its fields.")
    private Path inputFile;

    @Option(names = "--state-machine", paramLabel = "ARN", description = "The drill state machine (default: $" + STATE_MACHINE_ENV + ").")
    private String stateMachine;

    @Option(names = "--snapshot-mode", paramLabel = "MODE", description = "NEW, LATEST_AUTOMATED, LATEST_RECOVERY_POINT,"
            + " EXISTING or PITR (the latest restorable time of the replicated automated backups).")
    private String snapshotMode;

    @Option(names = "--suite", paramLabel = "FILE", description = "A verification suite (the drill local --suite format), sent inline as the input's suite.")
    private Path suiteFile;

    @Option(names = "--suite-key", paramLabel = "KEY", description = "A suite file kept under suites/ in the deployment's evidence bucket, e.g. shop-prod/checks.yaml; Plan reads it (the input's suiteKey).")
    private String suiteKey;

    @Option(names = "--keep", description = "Keep the restored database and its secret for inspection until the drill's TTL; the report says how to connect.")
    private boolean keep;

    @Option(names = "--dry-run", description = "Plan only: validate and name everything, create nothing.")
    private boolean dryRun;

    @Option(names = "--wait", description = "Follow the drill until it ends; the exit code is its verdict.")
    private boolean await;

    @Option(names = "--poll", paramLabel = "DURATION", defaultValue = "30s", description = "How often --wait looks (default: ${DEFAULT-VALUE}).")
    private String poll;

    private final AwsAccess aws;
    private final DrillExecutions.Pause pause;

    StartCommand(AwsAccess aws, DrillExecutions.Pause pause) {
        this.aws = aws;
        this.pause = pause;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String machine = stateMachine != null ? stateMachine : System.getenv(STATE_MACHINE_ENV);
        if (machine == null || machine.isBlank()) {
            throw new InvalidInputException("Which state machine? Pass --state-machine ARN or set " + STATE_MACHINE_ENV
                    + " (the recovery-region stack's output DrillStateMachineArn).");
        }
        ObjectNode input = input();
        String drillId = input.get("drillId").asText();
        DrillExecutions executions = new DrillExecutions(aws.sfn().apply(RemoteArns.region(machine, "--state-machine")));
        String arn = executions.start(machine, drillId, input.toString());
        out.println("Started drill " + drillId + " of " + input.get("source").asText() + ": " + arn);
        if (!await) {
            out.println("Follow it: drill status " + arn);
            return DrillCommand.PASSED;
        }
        Duration interval = io.restoredrill.core.time.Durations.parse(poll, "--poll");
        String[] lastState = {null};
        Execution done = executions.waitFor(arn, interval, pause, look -> {
            if (look.currentState() != null && !look.currentState().equals(lastState[0])) {
                lastState[0] = look.currentState();
                out.println("  … " + look.currentState());
            }
        });
        ExecutionSummary.print(out, done);
        return done.status() == ExecutionStatus.SUCCEEDED ? DrillCommand.PASSED : DrillCommand.FAILED;
    }

    private ObjectNode input() {
        ObjectNode input;
        if (inputFile != null) {
            try {
                JsonNode read = Json.mapper().readTree(Files.readString(inputFile));
                if (!(read instanceof ObjectNode object)) {
                    throw new InvalidInputException("--input " + inputFile + " is not a JSON object.");
                }
                input = object;
            } catch (IOException e) {
                throw new InvalidInputException("--input " + inputFile + " cannot be read as JSON: "
                        + e.getMessage().lines().findFirst().orElse("") + ".", e);
            }
        } else {
            input = Json.mapper().createObjectNode();
        }
        if (source != null) {
            input.put("source", source);
        }
        if (!input.hasNonNull("source")) {
            throw new InvalidInputException("Which database? Pass --source ID (an RDS instance or Aurora cluster identifier).");
        }
        if (snapshotMode != null) {
            input.put("snapshotMode", snapshotMode);
        }
        if (suiteFile != null && suiteKey != null) {
            throw new InvalidInputException("--suite and --suite-key both give a suite; pass one of them.");
        }
        if (suiteKey != null) {
            input.remove("suite");
            input.put("suiteKey", suiteKey);
        }
        if (suiteFile != null) {
            input.remove("suiteKey");
            JsonNode suite = SuiteLoader.tree(suiteFile);
            InlineSuites.validate(suite, "suite");
            input.set("suite", suite);
        }
        if (keep) {
            input.put("keep", true);
        }
        if (dryRun) {
            input.put("dryRun", true);
        }
        if (!input.hasNonNull("drillId")) {
            input.put("drillId", DrillIds.next(Clock.systemUTC()));
        }
        return input;
    }
}
