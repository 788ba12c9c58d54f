package io.restoredrill.cli;

import io.restoredrill.aws.evidence.EvidenceChain;
import io.restoredrill.aws.evidence.ReportKeys;
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

/**
 * {@code drill report EXECUTION|latest}: fetches an AWS drill's report from the evidence bucket and renders it;
 * {@code drill report verify}: checks a source's chain of reports end to end.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Fetches an AWS drill's report from the evidence bucket and prints it (Markdown or JSON),",
                "or writes JSON, Markdown and HTML with --out.",
                "'verify --source ID' checks the source's chain of reports end to end and names the first broken link.",
                "Exit 0: the drill passed (the chain holds). 1: it failed (the chain is broken).",
                "2: no such execution or report, or no AWS access."})
final class ReportCommand implements Callable<Integer> {

    static final String BUCKET_ENV = "RESTORE_DRILL_EVIDENCE_BUCKET";

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "EXECUTION|latest|verify",
            description = "An execution ARN; 'latest' or 'verify' with --source.")
    private String which;

    @Option(names = "--source", paramLabel = "ID", description = "With 'latest': the source whose newest report to fetch; with 'verify': whose chain to check.")
    private String source;

    @Option(names = "--bucket", paramLabel = "BUCKET", description = "With 'latest' or 'verify': the evidence bucket (default: $" + BUCKET_ENV + ").")
    private String bucket;

    @Option(names = "--region", paramLabel = "REGION", description = "With 'latest' or 'verify': the recovery region (default: $AWS_REGION).")
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
        if ("verify".equals(which)) {
            return verifyChain();
        }
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
        String evidence = evidenceBucket("latest");
        EvidenceReports reports = new EvidenceReports(aws.s3().apply(evidenceRegion()));
        return reports.read(evidence, reports.latestKey(evidence, source));
    }

    /** Prints the chain from the first report on, or the first broken link and every other problem after it. */
    private int verifyChain() {
        String evidence = evidenceBucket("verify");
        EvidenceChain.Verification chain = new EvidenceReports(aws.s3().apply(evidenceRegion())).verifyChain(evidence, source);
        PrintWriter printer = spec.commandLine().getOut();
        String where = "s3://" + evidence + "/" + ReportKeys.prefix(source);
        if (chain.intact()) {
            printer.println("Evidence chain of " + source + " in " + where + ": " + chain.reports() + " report"
                    + (chain.reports() == 1 ? "" : "s") + " in one line, every link holds.");
            printer.println("First: " + chain.line().get(0));
            printer.println("Last:  " + chain.line().get(chain.line().size() - 1));
            return DrillCommand.PASSED;
        }
        printer.println("Evidence chain of " + source + " in " + where + " is BROKEN (" + chain.reports() + " reports, "
                + chain.line().size() + " on the line from the first).");
        printer.println("First broken link: " + chain.problems().get(0));
        chain.problems().stream().skip(1).forEach(problem -> printer.println("Also: " + problem));
        return DrillCommand.FAILED;
    }

    private String evidenceBucket(String command) {
        String evidence = bucket != null ? bucket : System.getenv(BUCKET_ENV);
        if (source == null || evidence == null || evidenceRegion() == null) {
            throw new InvalidInputException("'drill report " + command + "' needs --source, --bucket (or " + BUCKET_ENV
                    + ") and --region (or AWS_REGION).");
        }
        return evidence;
    }

    private String evidenceRegion() {
        return region != null ? region : System.getenv("AWS_REGION");
    }
}
