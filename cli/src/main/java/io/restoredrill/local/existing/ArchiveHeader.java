package io.restoredrill.local.existing;

import io.restoredrill.core.error.BackupUnreadableException;
import io.restoredrill.core.error.IoReason;
import io.restoredrill.core.postgres.PgBinaries;
import io.restoredrill.core.postgres.ProcessResult;
import io.restoredrill.core.postgres.ProcessRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a pg_dump archive says about itself in the header {@code pg_restore --list} prints.
 *
 * @param database   the database it is a dump of ({@code null} if it says none)
 * @param dumpedFrom the server version it was dumped from, e.g. {@code 15.18}
 * @param createdAt  when pg_dump started, where the header's time zone is UTC; else {@code null}
 */
public record ArchiveHeader(String database, String dumpedFrom, Instant createdAt) {

    private static final Pattern CREATED = Pattern.compile("^; Archive created at (\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}) (\\S+)$");
    private static final Pattern DATABASE = Pattern.compile("^;\\s+dbname: (.+)$");
    private static final Pattern DUMPED_FROM = Pattern.compile("^;\\s+Dumped from database version: (\\S+)");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /**
     * @param listFile where the listing is written (in the drill's private directory); left for the caller to remove
     * @throws BackupUnreadableException when pg_restore cannot read the archive's table of contents
     */
    public static ArchiveHeader read(PgBinaries binaries, Path dump, Path listFile, Instant deadline) {
        ProcessResult listed = ProcessRunner.asCurrentUser().run(List.of(binaries.program("pg_restore").toString(),
                "--list", "--file=" + listFile, dump.toString()), Map.of(), deadline);
        if (!listed.succeeded()) {
            throw new BackupUnreadableException("pg_restore " + binaries.version() + " cannot read the backup's table of"
                    + " contents: " + listed.reason() + ". It is truncated or damaged, or made by a newer pg_dump.");
        }
        String database = null;
        String dumpedFrom = null;
        Instant createdAt = null;
        try (BufferedReader lines = Files.newBufferedReader(listFile)) {
            for (String line = lines.readLine(); line != null && line.startsWith(";"); line = lines.readLine()) {
                Matcher m;
                if ((m = DATABASE.matcher(line)).matches()) {
                    database = m.group(1);
                } else if ((m = DUMPED_FROM.matcher(line)).find()) {
                    dumpedFrom = m.group(1);
                } else if ((m = CREATED.matcher(line)).matches() && List.of("UTC", "GMT", "+00", "Z").contains(m.group(2))) {
                    try {
                        createdAt = LocalDateTime.parse(m.group(1), TIME).toInstant(ZoneOffset.UTC);
                    } catch (DateTimeParseException ignored) {
                        // a header time we cannot place is no time
                    }
                }
            }
        } catch (IOException e) {
            throw new BackupUnreadableException("Cannot read pg_restore's listing " + listFile + " (" + IoReason.of(e)
                    + ").", e);
        }
        return new ArchiveHeader(database, dumpedFrom, createdAt);
    }
}
