package io.restoredrill.cli;

import io.restoredrill.remote.AwsAccess;
import io.restoredrill.remote.DrillExecutions;
import io.restoredrill.remote.DrillExecutions.Execution;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/** {@code drill status EXECUTION}: where an AWS drill stands. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Shows an AWS drill's progress: its state, its phases so far and, once published, its verdict.",
                "Exit 0: running or passed. 1: the drill failed. 2: no such execution, or no AWS access."})
final class StatusCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "EXECUTION", description = "The execution ARN 'drill start' printed.")
    private String execution;

    private final AwsAccess aws;

    StatusCommand(AwsAccess aws) {
        this.aws = aws;
    }

    @Override
    public Integer call() {
        Execution described = new DrillExecutions(aws.sfn().apply(RemoteArns.region(execution, "EXECUTION"))).describe(execution);
        ExecutionSummary.print(spec.commandLine().getOut(), described);
        return described.running() || described.status() == ExecutionStatus.SUCCEEDED ? DrillCommand.PASSED : DrillCommand.FAILED;
    }
}
