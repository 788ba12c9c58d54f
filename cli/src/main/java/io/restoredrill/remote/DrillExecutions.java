package io.restoredrill.remote;

import io.restoredrill.aws.state.DrillState;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

/**
 * The AWS engine's drills as Step Functions executions: start one with the input the schedule
 * sends, look at one, wait for one. The execution's name is the drill id, so either names it.
 */
public final class DrillExecutions {

    /** A drill execution as Step Functions reports it, with the latest drill state it produced. */
    public record Execution(String arn, String name, ExecutionStatus status, java.time.Instant started,
                            java.time.Instant stopped, String currentState, Optional<DrillState> latestState,
                            String error, String cause) {

        public boolean running() {
            return status == ExecutionStatus.RUNNING || status == ExecutionStatus.PENDING_REDRIVE;
        }
    }

    /** Sleeps between looks; tests pass one that does not. */
    @FunctionalInterface
    public interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final SfnClient sfn;

    public DrillExecutions(SfnClient sfn) {
        this.sfn = sfn;
    }

    /** @return the execution's ARN */
    public String start(String stateMachineArn, String drillId, String input) {
        try {
            return sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).name(drillId).input(input)).executionArn();
        } catch (StateMachineDoesNotExistException | InvalidArnException e) {
            throw new InvalidInputException("No state machine " + stateMachineArn + "; pass the recovery-region stack's "
                    + "output DrillStateMachineArn with --state-machine or RESTORE_DRILL_STATE_MACHINE_ARN.", e);
        } catch (SdkException e) {
            throw RemoteFailures.translate(e);
        }
    }

    public Execution describe(String executionArn) {
        try {
            DescribeExecutionResponse described = sfn.describeExecution(r -> r.executionArn(executionArn));
            List<HistoryEvent> history = sfn.getExecutionHistoryPaginator(r -> r.executionArn(executionArn)
                    .reverseOrder(true).includeExecutionData(true)).events().stream().limit(200).toList();
            String current = history.stream().filter(e -> e.stateEnteredEventDetails() != null).findFirst()
                    .map(e -> e.stateEnteredEventDetails().name()).orElse(null);
            String latestJson = described.output() != null ? described.output()
                    : history.stream().filter(e -> e.stateExitedEventDetails() != null)
                            .map(e -> e.stateExitedEventDetails().output()).findFirst().orElse(null);
            return new Execution(described.executionArn(), described.name(), described.status(), described.startDate(),
                    described.stopDate(), current, parse(latestJson), described.error(), described.cause());
        } catch (ExecutionDoesNotExistException | InvalidArnException e) {
            throw new InvalidInputException("No execution " + executionArn + "; 'drill start' prints the ARN of the "
                    + "execution it starts.", e);
        } catch (SdkException e) {
            throw RemoteFailures.translate(e);
        }
    }

    /** Looks every {@code interval} until the execution has stopped. */
    public Execution waitFor(String executionArn, Duration interval, Pause pause, java.util.function.Consumer<Execution> onLook) {
        while (true) {
            Execution execution = describe(executionArn);
            onLook.accept(execution);
            if (!execution.running()) {
                return execution;
            }
            try {
                pause.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return execution;
            }
        }
    }

    /** A state's JSON as the drill state, or empty when it is something else (the execution input). */
    private static Optional<DrillState> parse(String json) {
        if (json == null || json.isBlank()) {
            return Optional.empty();
        }
        try {
            DrillState state = Json.mapper().readValue(json, DrillState.class);
            return state.drillId() == null || state.names() == null ? Optional.empty() : Optional.of(state);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
