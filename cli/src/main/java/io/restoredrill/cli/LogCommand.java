package io.restoredrill.cli;

import io.restoredrill.core.error.PublishFailedException;
import io.restoredrill.local.log.DrillLog;
import io.restoredrill.local.log.LogProblem;
import io.restoredrill.local.log.LogVerification;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code drill log verify}: checks the drill log's hash chain. */
@Command(name = "log", description = "Work with the tamper-evident drill log (docs/drill-log.md).",
        mixinStandardHelpOptions = true, subcommands = LogCommand.Verify.class)
final class LogCommand {

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Checks that no drill-log entry was edited, reordered or removed.",
                    "Exit 0: intact. 1: tampered. 2: the log cannot be read."})
    static final class Verify implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Option(names = "--dir", paramLabel = "DIR", description = "Directory holding drill-log.jsonl (default: ${DEFAULT-VALUE}).",
                defaultValue = "drill-reports")
        private Path dir;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            DrillLog log = new DrillLog(dir);
            if (!Files.exists(log.logFile())) {
                spec.commandLine().getErr().println("drill: There is no drill log at " + log.logFile()
                        + "; pass --dir with the --out directory of your drills (default: drill-reports).");
                return DrillCommand.CONFIGURATION;
            }
            LogVerification verification;
            try {
                verification = log.verify();
            } catch (PublishFailedException e) {
                spec.commandLine().getErr().println("drill: " + e.getMessage());
                return DrillCommand.CONFIGURATION;
            }
            for (LogProblem problem : verification.problems()) {
                out.println("✘ line " + problem.line() + ": " + problem.message());
            }
            for (LogProblem warning : verification.warnings()) {
                out.println("! line " + warning.line() + ": " + warning.message());
            }
            out.println(verification.summary());
            return verification.ok() ? DrillCommand.PASSED : DrillCommand.FAILED;
        }
    }
}
