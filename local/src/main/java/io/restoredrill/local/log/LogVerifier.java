package io.restoredrill.local.log;

import io.restoredrill.local.files.Sha256;
import io.restoredrill.local.log.LogProblem.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

final class LogVerifier {

    private final Path dir;
    private final Path log;

    LogVerifier(Path dir, Path log) {
        this.dir = dir;
        this.log = log;
    }

    LogVerification verify(List<LogLine> lines) {
        List<LogProblem> found = new ArrayList<>();
        String expectedPrev = DrillLogEntry.FIRST_PREV_SHA256;
        long expectedSeq = 1;
        int entries = 0;
        for (LogLine line : lines) {
            int n = line.number();
            if (!line.terminated()) {
                found.add(new LogProblem(n, Kind.NOT_TERMINATED,
                        "the last line has no newline, so the file was truncated or a write was interrupted"));
            }
            Optional<DrillLogEntry> parsed = parse(line, found);
            if (parsed.isPresent()) {
                DrillLogEntry entry = parsed.get();
                entries++;
                checkEntryHash(line, found);
                checkPrev(n, entry, expectedPrev, found);
                checkSeq(n, entry, expectedSeq, found);
                checkReport(n, entry, found);
                expectedSeq = entry.seq() + 1;
            } else {
                expectedSeq++;
            }
            expectedPrev = line.sha256();
        }
        String head = lines.isEmpty() ? null : lines.get(lines.size() - 1).sha256();
        List<LogProblem> problems = found.stream().filter(p -> !p.kind().warning()).toList();
        List<LogProblem> warnings = found.stream().filter(p -> p.kind().warning()).toList();
        return LogVerification.of(log, entries, head, problems, warnings);
    }

    private static Optional<DrillLogEntry> parse(LogLine line, List<LogProblem> found) {
        if (line.blank()) {
            found.add(new LogProblem(line.number(), Kind.UNPARSEABLE, "the line is blank, but every line must hold one entry"));
            return Optional.empty();
        }
        try {
            return Optional.of(EntryCodec.parse(line));
        } catch (IOException e) {
            found.add(new LogProblem(line.number(), Kind.UNPARSEABLE,
                    "the line is not a valid drill log entry (" + firstLine(e.getMessage()) + ")"));
            return Optional.empty();
        }
    }

    private static void checkEntryHash(LogLine line, List<LogProblem> found) {
        Optional<EntryCodec.HashCheck> check = EntryCodec.checkHash(line.bytes());
        if (check.isEmpty()) {
            found.add(new LogProblem(line.number(), Kind.ENTRY_HASH_MISMATCH,
                    "the line does not end with its entrySha256 member, so the entry was edited or written by hand"));
        } else if (!check.get().matches()) {
            found.add(new LogProblem(line.number(), Kind.ENTRY_HASH_MISMATCH,
                    "entrySha256 is " + check.get().stored() + " but the entry hashes to " + check.get().computed()
                            + ", so this entry was edited"));
        }
    }

    private static void checkPrev(int n, DrillLogEntry entry, String expectedPrev, List<LogProblem> found) {
        if (expectedPrev.equals(entry.prevSha256())) {
            return;
        }
        String message = n == 1
                ? "prevSha256 is " + entry.prevSha256() + " but the first entry must have 64 zeros, so earlier entries were removed"
                : "prevSha256 is " + entry.prevSha256() + " but line " + (n - 1) + " hashes to " + expectedPrev
                        + ", so line " + (n - 1) + " was edited, or entries were removed or reordered";
        found.add(new LogProblem(n, Kind.PREV_HASH_MISMATCH, message));
    }

    private static void checkSeq(int n, DrillLogEntry entry, long expectedSeq, List<LogProblem> found) {
        if (entry.seq() != expectedSeq) {
            found.add(new LogProblem(n, Kind.SEQ_OUT_OF_ORDER, "seq is " + entry.seq() + " but " + expectedSeq
                    + " was expected, so entries were removed, inserted or reordered"));
        }
    }

    private void checkReport(int n, DrillLogEntry entry, List<LogProblem> found) {
        if (entry.report() == null || entry.report().isBlank()) {
            found.add(new LogProblem(n, Kind.REPORT_MISSING, "the entry names no report file"));
            return;
        }
        Path report;
        try {
            report = dir.resolve(entry.report());
        } catch (InvalidPathException e) {
            found.add(new LogProblem(n, Kind.REPORT_UNREADABLE, "the report path " + entry.report() + " is not valid here"));
            return;
        }
        if (!Files.exists(report)) {
            found.add(new LogProblem(n, Kind.REPORT_MISSING,
                    "the report " + entry.report() + " is not in the log directory (archived?), so its hash was not checked"));
            return;
        }
        try {
            String actual = Sha256.of(report).hex();
            if (!actual.equals(entry.reportSha256())) {
                found.add(new LogProblem(n, Kind.REPORT_HASH_MISMATCH, "the report " + entry.report() + " hashes to "
                        + actual + " but the entry recorded " + entry.reportSha256() + ", so the report was edited"));
            }
        } catch (IOException e) {
            found.add(new LogProblem(n, Kind.REPORT_UNREADABLE,
                    "the report " + entry.report() + " cannot be read (" + e.getMessage() + "), so its hash was not checked"));
        }
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "no detail";
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
