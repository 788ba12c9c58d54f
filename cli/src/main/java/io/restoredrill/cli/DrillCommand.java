package io.restoredrill.cli;

import io.restoredrill.core.error.DrillException;
import io.restoredrill.remote.AwsAccess;
import io.restoredrill.remote.DrillExecutions;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code drill} command. Exit codes: 0 the drill passed; 1 the drill ran and failed; 2 a
 * configuration or environment error, always explained in one sentence.
 */
@Command(name = "drill",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Proves that PostgreSQL backups restore, and how fast.",
        subcommands = {LocalCommand.class, BackupCommand.class, LogCommand.class, StartCommand.class, StatusCommand.class, ReportCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Start with: drill local   (a complete drill on a generated demo database)",
                "AWS drills: drill start --source ID --wait   (docs/state.md, docs/workflow.md)",
                "Docs: docs/local-drill.md, docs/verification.md, docs/report-format.md"})
public final class DrillCommand implements Runnable {

    public static final int PASSED = 0;
    public static final int FAILED = 1;
    public static final int CONFIGURATION = 2;

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: try 'drill local'.");
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        System.exit(execute(args, out, err));
    }

    /** Runs the command with the given streams; used by main and by the tests. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return execute(args, out, err, AwsAccess.standard(), duration -> Thread.sleep(duration.toMillis()));
    }

    /** The same, with the AWS clients and the pause of {@code start --wait} given (tests: moto, no sleeping). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err, AwsAccess aws, DrillExecutions.Pause pause) {
        CommandLine commandLine = new CommandLine(new DrillCommand(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == StartCommand.class) {
                    return type.cast(new StartCommand(aws, pause));
                }
                if (type == StatusCommand.class) {
                    return type.cast(new StatusCommand(aws));
                }
                if (type == ReportCommand.class) {
                    return type.cast(new ReportCommand(aws));
                }
                return CommandLine.defaultFactory().create(type);
            }
        });
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            if (e instanceof DrillException failure) {
                String prefix = failure.exitCode() == FAILED ? "Restore drill FAILED — " : "drill: ";
                cmd.getErr().println(prefix + failure.getMessage());
                return failure.exitCode();
            }
            cmd.getErr().println("drill: unexpected internal error: " + e
                    + " (a bug in Restore Drill; please report it with the output above).");
            e.printStackTrace(cmd.getErr());
            return FAILED;
        });
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
