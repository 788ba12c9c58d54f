package io.restoredrill.local.postgres;

import io.restoredrill.core.error.RestoreFailedException;
import io.restoredrill.core.postgres.PgBinaries;
import io.restoredrill.core.postgres.ProcessResult;
import io.restoredrill.core.postgres.ProcessRunner;
import io.restoredrill.core.postgres.ThrowawayCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dump's table of contents, edited so the restored copy can never reach another server: user
 * mappings (the credentials of postgres_fdw and similar foreign servers) are left out, and when
 * the database has foreign servers, materialized views are not refreshed during the restore,
 * since refreshing one over a foreign table would connect to that server.
 *
 * @param database   the name of the database the dump is of, as its header says ({@code null} if it says none)
 * @param dumpedFrom the server version it was dumped from, as its header says ({@code null} if it says none)
 * @param createdAt  when pg_dump started, where the header gives that time in UTC; else {@code null}
 */
public record RestoreList(Path file, String database, String dumpedFrom, Instant createdAt, int userMappingsLeftOut,
                   int materializedViewsNotRefreshed) {

    private static final Pattern ENTRY = Pattern.compile("^\\d+; \\d+ \\d+ (.+)$");
    private static final Pattern DATABASE = Pattern.compile("^;\\s+dbname: (.+)$");
    private static final Pattern DUMPED_FROM = Pattern.compile("^;\\s+Dumped from database version: (\\S+)");
    private static final Pattern CREATED = Pattern.compile("^; Archive created at (\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}) (\\S+)$");
    private static final List<String> UTC = List.of("UTC", "GMT", "+00", "Z");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    public static RestoreList prepare(ThrowawayCluster target, Path dump, Path listFile, Instant deadline) {
        return prepare(target.binaries(), dump, listFile, deadline);
    }

    /** As above, with the programs of {@code binaries}: before there is a cluster, to read what the dump says. */
    public static RestoreList prepare(PgBinaries binaries, Path dump, Path listFile, Instant deadline) {
        ProcessResult listed = ProcessRunner.asCurrentUser().run(List.of(
                binaries.program("pg_restore").toString(), "--list", "--file=" + listFile, dump.toString()),
                Map.of(), deadline);
        if (!listed.succeeded()) {
            throw new RestoreFailedException("pg_restore could not read the dump's table of contents: "
                    + PgErrors.firstError(listed) + ".");
        }
        try {
            List<String> lines = Files.readAllLines(listFile);
            boolean foreignServers = lines.stream().anyMatch(line -> isEntry(line, "SERVER ") || isEntry(line, "USER MAPPING "));
            List<String> kept = new ArrayList<>();
            int mappings = 0;
            int views = 0;
            for (String line : lines) {
                if (isEntry(line, "USER MAPPING ")) {
                    mappings++;
                } else if (foreignServers && isEntry(line, "MATERIALIZED VIEW DATA ")) {
                    views++;
                } else {
                    kept.add(line);
                }
            }
            Files.write(listFile, kept);
            return new RestoreList(listFile, header(lines, DATABASE), header(lines, DUMPED_FROM),
                    createdAt(lines), mappings, views);
        } catch (IOException e) {
            throw new RestoreFailedException("Cannot edit the restore list " + listFile + ": " + e.getMessage() + ".", e);
        }
    }

    /** The first group of the first header line (before the entries) that {@code pattern} finds. */
    private static String header(List<String> lines, Pattern pattern) {
        return lines.stream().takeWhile(line -> line.startsWith(";")).map(pattern::matcher).filter(Matcher::find)
                .map(m -> m.group(1)).findFirst().orElse(null);
    }

    private static Instant createdAt(List<String> lines) {
        Matcher created = lines.stream().takeWhile(line -> line.startsWith(";")).map(CREATED::matcher)
                .filter(Matcher::matches).findFirst().orElse(null);
        if (created == null || !UTC.contains(created.group(2))) {
            return null;
        }
        try {
            return LocalDateTime.parse(created.group(1), TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static boolean isEntry(String line, String description) {
        var matcher = ENTRY.matcher(line);
        return matcher.matches() && matcher.group(1).startsWith(description);
    }

    /** What was left out, for the Restore phase's detail; empty when nothing was. */
    public String summary() {
        List<String> parts = new ArrayList<>();
        if (userMappingsLeftOut > 0) {
            parts.add(userMappingsLeftOut + " foreign-server user mapping(s) left out");
        }
        if (materializedViewsNotRefreshed > 0) {
            parts.add(materializedViewsNotRefreshed + " materialized view(s) left unpopulated");
        }
        return parts.isEmpty() ? "" : "; " + String.join(", ", parts) + " so the copy cannot reach another server";
    }
}
