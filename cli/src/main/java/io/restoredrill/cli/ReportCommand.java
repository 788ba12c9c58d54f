package io.restoredrill.cli;

import io.restoredrill.aws.state.ReportRef;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.model.DrillReport;
import io.restoredrill.core.report.MarkdownRenderer;
import io.restoredrill.core.report.ReportFiles;
import io.restoredrill.core.report.ReportJson;
import io.restoredrill.remote.AwsAccess;
import io.restoredrill.remote.DrillExecutions;
import io.restoredrill.remote.DrillExecutions.Execution;
import io.restoredrill.remote.EvidenceReports;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code drill report EXECUTION|latest}: fetches an AWS drill's report from the evidence bucket and renders it. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Fetches an AWS drill's report from the evidence bucket and prints it (Markdown or JSON),",
                "or writes JSON, Markdown and HTML with --out.",
                "Exit 0: the drill passed. 1: it failed. 2: no such execution or report, or no AWS access."})
final class ReportCommand implements Callable<Integer> {

    static final String BUCKET_ENV = "RESTORE_DRILL_EVIDENCE_BUCKET";

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "EXECUTION|latest", description = "An execution ARN, or 'latest' with --source.")
    private String which;

    @Option(names = "--source", paramLabel = "ID", description = "With 'latest': the source whose newest report to fetch.")
    private String source;

    @Option(names = "--bucket", paramLabel = "BUCKET", description = "With 'latest': the evidence bucket (default: $" + BUCKET_ENV + ").")
    private String bucket;

    @Option(names = "--region", paramLabel = "REGION", description = "With 'latest': the recovery region (default: $AWS_REGION).")
    private String region;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "markdown", description = "markdown or json (default: ${DEFAULT-VALUE}).")
    private String format;

    @Option(names = "--out", paramLabel = "DIR", description = "Write <DIR>/<source>/<drillId>.{json,md,html} instead of printing.")
    private Path out;

    private final AwsAccess aws;

    ReportCommand(AwsAccess aws) {
        this.aws = aws;
    }

    @Override
    public Integer call() {
        if (!format.equals("markdown") && !format.equals("json")) {
            throw new InvalidInputException("--format '" + format + "' is not markdown or json.");
        }
        DrillReport report = "latest".equals(which) ? latest() : ofExecution();
        PrintWriter printer = spec.commandLine().getOut();
        if (out != null) {
            ReportFiles files = ReportFiles.write(out, report);
            printer.println("Report: " + files.html() + " (also " + files.json().getFileName() + ", "
                    + files.markdown().getFileName() + ")");
        } else {
            printer.print(format.equals("json") ? ReportJson.write(report) + "\n" : new MarkdownRenderer().render(report));
        }
        return report.passed() ? DrillCommand.PASSED : DrillCommand.FAILED;
    }

    private DrillReport ofExecution() {
        String executionRegion = RemoteArns.region(which, "EXECUTION");
        Execution execution = new DrillExecutions(aws.sfn().apply(executionRegion)).describe(which);
        ReportRef ref = execution.latestState().map(s -> s.progress().report()).orElseThrow(() -> new InvalidInputException(
                "Execution " + execution.name() + " has not published a report " + (execution.running()
                        ? "yet (now in " + execution.currentState() + "); try again when it ends, or: drill status " + which
                        : "(" + execution.status() + (execution.error() == null ? "" : ": " + execution.error()) + ").")));
        return new EvidenceReports(aws.s3().apply(executionRegion)).read(ref.bucket(), ref.key());
    }

    private DrillReport latest() {
        String evidence = bucket != null ? bucket : System.getenv(BUCKET_ENV);
        String where = region != null ? region : System.getenv("AWS_REGION");
        if (source == null || evidence == null || where == null) {
            throw new InvalidInputException("'drill report latest' needs --source, --bucket (or " + BUCKET_ENV
                    + ") and --region (or AWS_REGION).");
        }
        EvidenceReports reports = new EvidenceReports(aws.s3().apply(where));
        return reports.read(evidence, reports.latestKey(evidence, source));
    }
}
