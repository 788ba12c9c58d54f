package io.restoredrill.local.physical;

import io.restoredrill.core.error.BackupUnreadableException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code backup_label} file a base backup carries: where its WAL starts (the first segment recovery must
 * read) and on which timeline. Without it PostgreSQL 15 starts recovery from pg_control's checkpoint, which
 * pg_basebackup copies last, and silently makes a corrupt copy; so a drill reads it before anything starts.
 *
 * @param startWal      {@code START WAL LOCATION}
 * @param startTimeline {@code START TIMELINE}
 * @param startTime     {@code START TIME} as written ({@code 2026-12-06 10:00:00 UTC})
 * @param label         {@code LABEL}
 */
public record BackupLabel(Lsn startWal, int startTimeline, String startTime, String label) {

    public static BackupLabel parse(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\\R")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                fields.put(line.substring(0, colon).trim(), line.substring(colon + 2).trim());
            }
        }
        String start = fields.get("START WAL LOCATION");
        if (start == null) {
            throw new BackupUnreadableException("The backup_label has no START WAL LOCATION line; it is not a base backup's.");
        }
        Lsn startWal = Lsn.parse(start.split("\\s+")[0]);
        String timeline = fields.getOrDefault("START TIMELINE", "1");
        try {
            return new BackupLabel(startWal, Integer.parseInt(timeline), fields.get("START TIME"), fields.get("LABEL"));
        } catch (NumberFormatException e) {
            throw new BackupUnreadableException("The backup_label's START TIMELINE '" + timeline + "' is not a number.", e);
        }
    }
}
