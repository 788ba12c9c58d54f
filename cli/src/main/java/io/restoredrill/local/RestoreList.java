package io.restoredrill.local;

import io.restoredrill.core.error.RestoreFailedException;
import io.restoredrill.core.postgres.ProcessResult;
import io.restoredrill.core.postgres.ProcessRunner;
import io.restoredrill.core.postgres.ThrowawayCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The dump's table of contents, edited so the restored copy can never reach another server: user
 * mappings (the credentials of postgres_fdw and similar foreign servers) are left out, and when
 * the database has foreign servers, materialized views are not refreshed during the restore,
 * since refreshing one over a foreign table would connect to that server.
 *
 * @param database the name of the database the dump is of, as its header says ({@code null} if it says none)
 */
record RestoreList(Path file, String database, int userMappingsLeftOut, int materializedViewsNotRefreshed) {

    private static final Pattern ENTRY = Pattern.compile("^\\d+; \\d+ \\d+ (.+)$");
    private static final Pattern DATABASE = Pattern.compile("^;\\s+dbname: (.+)$");

    static RestoreList prepare(ThrowawayCluster target, Path dump, Path listFile, Instant deadline) {
        ProcessResult listed = ProcessRunner.asCurrentUser().run(List.of(
                target.binaries().program("pg_restore").toString(), "--list", "--file=" + listFile, dump.toString()),
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
            String database = lines.stream().map(DATABASE::matcher).filter(java.util.regex.Matcher::matches)
                    .map(m -> m.group(1)).findFirst().orElse(null);
            return new RestoreList(listFile, database, mappings, views);
        } catch (IOException e) {
            throw new RestoreFailedException("Cannot edit the restore list " + listFile + ": " + e.getMessage() + ".", e);
        }
    }

    private static boolean isEntry(String line, String description) {
        var matcher = ENTRY.matcher(line);
        return matcher.matches() && matcher.group(1).startsWith(description);
    }

    /** What was left out, for the Restore phase's detail; empty when nothing was. */
    String summary() {
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
