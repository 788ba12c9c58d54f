package io.restoredrill.local.physical;

import io.restoredrill.core.error.BackupUnreadableException;
import io.restoredrill.core.postgres.OsUser;
import io.restoredrill.core.postgres.PgBinaries;
import io.restoredrill.core.postgres.ProcessResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code pg_controldata} says of a restored data directory: the WAL segment size, and the settings the source
 * ran with that a server replaying its WAL must match or exceed (PostgreSQL refuses to replay with fewer).
 */
public record ControlData(Map<String, String> fields) {

    /** pg_controldata's names of the settings replay needs at least as large as the source's. */
    private static final Map<String, String> MINIMUM_SETTINGS = Map.of(
            "max_connections", "max_connections setting",
            "max_worker_processes", "max_worker_processes setting",
            "max_wal_senders", "max_wal_senders setting",
            "max_prepared_transactions", "max_prepared_xacts setting",
            "max_locks_per_transaction", "max_locks_per_xact setting");

    public static ControlData read(PgBinaries binaries, Path dataDir, Instant deadline) {
        ProcessResult result = OsUser.serverRunner().run(
                List.of(binaries.program("pg_controldata").toString(), "-D", dataDir.toString()),
                Map.of("LC_ALL", "C"), deadline);
        if (!result.succeeded()) {
            throw new BackupUnreadableException("pg_controldata cannot read the backup's pg_control: "
                    + result.reason() + ".");
        }
        return parse(result.output());
    }

    static ControlData parse(String output) {
        Map<String, String> fields = new HashMap<>();
        for (String line : output.split("\\R")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        if (!fields.containsKey("Bytes per WAL segment")) {
            throw new BackupUnreadableException("pg_controldata's output has no WAL segment size; the backup's"
                    + " pg_control is not readable.");
        }
        return new ControlData(Map.copyOf(fields));
    }

    public long segmentBytes() {
        return Long.parseLong(fields.get("Bytes per WAL segment"));
    }

    /** The settings replay must run with: the source's values of those it may not have fewer of. */
    public Map<String, String> replaySettings() {
        Map<String, String> settings = new HashMap<>();
        MINIMUM_SETTINGS.forEach((setting, field) -> {
            String value = fields.get(field);
            if (value != null) {
                settings.put(setting, value);
            }
        });
        String commitTimestamps = fields.get("track_commit_timestamp setting");
        if (commitTimestamps != null) {
            settings.put("track_commit_timestamp", commitTimestamps);
        }
        return settings;
    }

    public String systemIdentifier() {
        return fields.get("Database system identifier");
    }
}
