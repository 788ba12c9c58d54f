package io.restoredrill.core.report;

import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.error.IoReason;
import io.restoredrill.core.error.PublishFailedException;
import io.restoredrill.core.model.DrillReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The three files of one drill's report in a report directory:
 * {@code <dir>/<source>/<drillId>.json}, {@code .md} and {@code .html}. A report is evidence, so an
 * existing one is never overwritten.
 */
public record ReportFiles(Path json, Path markdown, Path html) {

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public static ReportFiles in(Path reportDir, DrillReport report) {
        String source = report.source() == null ? null : report.source().name();
        Path dir = reportDir.resolve(safe(source, "source name"));
        String base = safe(report.drillId(), "drill id");
        return new ReportFiles(dir.resolve(base + ".json"), dir.resolve(base + ".md"), dir.resolve(base + ".html"));
    }

    /**
     * Writes the JSON, Markdown and HTML forms of the report.
     *
     * @throws PublishFailedException when a file cannot be written or a report of this drill already exists
     */
    public static ReportFiles write(Path reportDir, DrillReport report) {
        ReportFiles files = in(reportDir, report);
        for (Path path : files.all()) {
            if (Files.exists(path)) {
                throw new PublishFailedException("A report of drill " + report.drillId() + " already exists at "
                        + path + "; reports are evidence and are never overwritten.");
            }
        }
        try {
            Files.createDirectories(files.json().getParent());
            create(files.json(), ReportJson.write(report) + "\n");
            create(files.markdown(), new MarkdownRenderer().render(report));
            create(files.html(), new HtmlRenderer().render(report));
        } catch (FileAlreadyExistsException e) {
            throw new PublishFailedException("A report of drill " + report.drillId() + " already exists at "
                    + e.getFile() + "; reports are evidence and are never overwritten.", e);
        } catch (IOException e) {
            throw new PublishFailedException("Cannot write the report of drill " + report.drillId() + " under "
                    + reportDir + " (" + IoReason.of(e) + ").", e);
        }
        return files;
    }

    public List<Path> all() {
        return List.of(json, markdown, html);
    }

    private static void create(Path path, String content) throws IOException {
        Files.writeString(path, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
    }

    private static String safe(String name, String what) {
        if (name == null || !SAFE_NAME.matcher(name).matches()) {
            throw new InvalidInputException("The " + what + " '" + name + "' cannot name a report file; use letters,"
                    + " digits, '.', '_' and '-', starting with a letter or digit.");
        }
        return name;
    }
}
