package io.restoredrill.local.log;

import io.restoredrill.local.files.Sha256;
import io.restoredrill.core.error.DrillLogTamperedException;
import io.restoredrill.core.error.PublishFailedException;
import io.restoredrill.core.model.DrillReport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The append-only, hash-chained drill log in one directory (by default {@link #DEFAULT_DIR}):
 * {@value #LOG_FILE} is the record, {@value #MARKDOWN_FILE} a table regenerated from it.
 * Appends from any number of threads and processes are serialised by a lock on {@value #LOCK_FILE}.
 */
public final class DrillLog {

    public static final Path DEFAULT_DIR = Path.of("drill-reports");
    public static final String LOG_FILE = "drill-log.jsonl";
    public static final String MARKDOWN_FILE = "drill-log.md";
    public static final String LOCK_FILE = "drill-log.lock";

    private final Path dir;
    private final LogVerifier verifier;

    public DrillLog(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.verifier = new LogVerifier(dir, logFile());
    }

    public Path dir() {
        return dir;
    }

    public Path logFile() {
        return dir.resolve(LOG_FILE);
    }

    public Path markdownFile() {
        return dir.resolve(MARKDOWN_FILE);
    }

    /** Where an entry's report is, or was before it was archived. */
    public Path reportPath(DrillLogEntry entry) {
        return dir.resolve(entry.report());
    }

    /**
     * Records a finished drill and regenerates the Markdown table.
     *
     * @param reportJson the report as written; its path is stored relative to the log directory
     * @param operator   who ran the drill; the report's operator when {@code null} or blank
     * @throws DrillLogTamperedException when the log fails {@link #verify()}; nothing is written
     * @throws PublishFailedException    when the report cannot be read or the log cannot be written
     */
    public DrillLogEntry append(DrillReport report, Path reportJson, String operator) {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(reportJson, "reportJson");
        createDir();
        try (LogLock lock = LogLock.exclusive(dir, LOCK_FILE)) {
            List<LogLine> lines = readLines();
            LogVerification verification = verifier.verify(lines);
            if (!verification.ok()) {
                throw new DrillLogTamperedException("Refusing to append drill " + report.drillId() + " to " + logFile()
                        + " because the log fails verification (" + verification.problems().get(0)
                        + "); run `drill log verify` and investigate before recording more drills.");
            }
            List<DrillLogEntry> entries = parseAll(lines);
            long seq = entries.isEmpty() ? 1 : entries.get(entries.size() - 1).seq() + 1;
            String prev = lines.isEmpty() ? DrillLogEntry.FIRST_PREV_SHA256 : lines.get(lines.size() - 1).sha256();
            DrillLogEntry unsealed = DrillLogEntry.unsealed(seq, report, operator, relativeReportPath(reportJson),
                    reportSha256(reportJson), prev);
            EntryCodec.Sealed sealed = EntryCodec.seal(unsealed);
            writeLine(sealed.line());
            entries.add(sealed.entry());
            writeMarkdown(report, entries);
            return sealed.entry();
        } catch (IOException e) {
            throw new PublishFailedException("Cannot append drill " + report.drillId() + " to the drill log "
                    + logFile() + " (" + reason(e) + ").", e);
        }
    }

    /**
     * Every entry, oldest first, without checking hashes (use {@link #verify()} for that).
     *
     * @throws DrillLogTamperedException when a line is not an entry
     */
    public List<DrillLogEntry> entries() {
        try {
            return parseAll(readLinesLocked());
        } catch (IOException e) {
            throw new PublishFailedException("Cannot read the drill log " + logFile() + " (" + reason(e) + ").", e);
        }
    }

    /** The newest entry for a source, for instance the previous drill whose inventory to compare with. */
    public Optional<DrillLogEntry> latest(String source, boolean passedOnly) {
        List<DrillLogEntry> entries = entries();
        for (int i = entries.size() - 1; i >= 0; i--) {
            DrillLogEntry entry = entries.get(i);
            if (Objects.equals(entry.source(), source) && (!passedOnly || entry.passed())) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    /**
     * Checks the whole chain and every report that is still present. A missing or empty log is
     * {@linkplain LogVerification#ok() ok} with 0 entries.
     *
     * @throws PublishFailedException when the log exists but cannot be read
     */
    public LogVerification verify() {
        try {
            return verifier.verify(readLinesLocked());
        } catch (IOException e) {
            throw new PublishFailedException("Cannot read the drill log " + logFile() + " (" + reason(e) + ").", e);
        }
    }

    private List<LogLine> readLinesLocked() throws IOException {
        if (!Files.exists(logFile())) {
            return List.of();
        }
        try (LogLock lock = LogLock.forReading(dir, LOCK_FILE)) {
            return readLines();
        }
    }

    private List<LogLine> readLines() throws IOException {
        try {
            return LogLine.split(Files.readAllBytes(logFile()));
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    private List<DrillLogEntry> parseAll(List<LogLine> lines) {
        List<DrillLogEntry> entries = new ArrayList<>(lines.size());
        for (LogLine line : lines) {
            try {
                entries.add(EntryCodec.parse(line));
            } catch (IOException e) {
                throw new DrillLogTamperedException("Line " + line.number() + " of the drill log " + logFile()
                        + " is not a drill log entry; run `drill log verify` to see what is wrong.", e);
            }
        }
        return entries;
    }

    private void createDir() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new PublishFailedException("Cannot create the drill log directory " + dir + " (" + reason(e) + ").", e);
        }
    }

    private String relativeReportPath(Path reportJson) {
        Path base = dir.toAbsolutePath().normalize();
        Path report = reportJson.toAbsolutePath().normalize();
        Path stored = report.getRoot() != null && report.getRoot().equals(base.getRoot()) ? base.relativize(report) : report;
        return stored.toString().replace(stored.getFileSystem().getSeparator(), "/");
    }

    private static String reportSha256(Path reportJson) {
        try {
            return Sha256.of(reportJson).hex();
        } catch (IOException e) {
            throw new PublishFailedException("Cannot read the report " + reportJson
                    + " to record its hash in the drill log (" + reason(e) + ").", e);
        }
    }

    private void writeLine(byte[] line) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(line.length + 1).put(line).put((byte) '\n').flip();
        try (FileChannel channel = FileChannel.open(logFile(),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    private void writeMarkdown(DrillReport report, List<DrillLogEntry> entries) {
        Path tmp = dir.resolve(MARKDOWN_FILE + ".tmp");
        try {
            Files.writeString(tmp, DrillLogMarkdown.render(entries), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, markdownFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, markdownFile(), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new PublishFailedException("Drill " + report.drillId() + " was recorded in " + logFile()
                    + " but " + markdownFile() + " could not be regenerated (" + reason(e)
                    + "); the next append regenerates it.", e);
        }
    }

    private static String reason(IOException e) {
        String type = e.getClass().getSimpleName();
        return e.getMessage() == null ? type : type + ": " + e.getMessage();
    }
}
