package io.restoredrill.local.physical;

import io.restoredrill.core.error.EnvironmentException;
import io.restoredrill.core.error.IoReason;
import io.restoredrill.core.postgres.OsUser;
import io.restoredrill.local.files.FileTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The configuration a restored data directory runs under, written by the drill and nothing of the source's: the
 * source's own files (which may archive WAL to production storage, replicate from a primary or preload libraries)
 * are moved aside before the server ever starts. The copy listens on loopback only, archives nothing, follows no
 * primary, admits only the drill's role, and replays WAL through a restore_command that only reads.
 */
public final class RecoveryConfig {

    /** The source's configuration files, moved out of the data directory; the report names them, never their values. */
    static final List<String> SOURCE_FILES = List.of("postgresql.conf", "postgresql.auto.conf", "pg_hba.conf",
            "pg_ident.conf", "standby.signal", "recovery.signal", "recovery.conf");

    private static final DateTimeFormatter TARGET = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx")
            .withZone(ZoneOffset.UTC);

    private RecoveryConfig() {
    }

    /**
     * @param asideDir     where the source's configuration files go (a private directory of the drill's)
     * @param role         the one role the copy admits, from 127.0.0.1 with a password
     * @param replay       the settings replay must run with ({@link ControlData#replaySettings()})
     * @param restoreCommand the program restore_command runs, given {@code %f} and {@code "%p"}
     * @param targetTime   where replay stops; empty: the end of the archive
     * @return the names of the source's files that were moved aside
     */
    public static List<String> write(Path dataDir, Path asideDir, String role, Map<String, String> replay,
                                     Path restoreCommand, Optional<Instant> targetTime) {
        try {
            List<String> moved = new ArrayList<>();
            Files.createDirectories(asideDir);
            for (String name : SOURCE_FILES) {
                Path file = dataDir.resolve(name);
                if (Files.exists(file)) {
                    Files.move(file, asideDir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                    moved.add(name);
                }
            }
            FileTree.deleteContents(dataDir.resolve("pg_replslot"));
            Map<String, String> settings = new TreeMap<>(replay);
            settings.putAll(Map.ofEntries(
                    Map.entry("listen_addresses", "'127.0.0.1'"),
                    Map.entry("unix_socket_directories", "''"),
                    Map.entry("logging_collector", "off"),
                    Map.entry("log_timezone", "'UTC'"),
                    Map.entry("timezone", "'UTC'"),
                    Map.entry("archive_mode", "off"),
                    Map.entry("archive_command", "''"),
                    Map.entry("archive_cleanup_command", "''"),
                    Map.entry("recovery_end_command", "''"),
                    Map.entry("primary_conninfo", "''"),
                    Map.entry("primary_slot_name", "''"),
                    Map.entry("hot_standby", "off"),
                    Map.entry("shared_preload_libraries", "''"),
                    Map.entry("restore_command", quote(shellQuote(restoreCommand.toString()) + " %f \"%p\"")),
                    Map.entry("recovery_target_timeline", "'latest'"),
                    Map.entry("recovery_target_action", "'promote'")));
            targetTime.ifPresent(time -> {
                settings.put("recovery_target_time", quote(TARGET.format(time)));
                settings.put("recovery_target_inclusive", "on");
            });
            StringBuilder conf = new StringBuilder("# Written by restore-drill for a throwaway restored copy; the source's"
                    + " configuration is not used.\n");
            settings.forEach((name, value) -> conf.append(name).append(" = ").append(value).append('\n'));
            OsUser.writePrivateFile(dataDir.resolve("postgresql.conf"), conf.toString());
            OsUser.writePrivateFile(dataDir.resolve("postgresql.auto.conf"), "");
            OsUser.writePrivateFile(dataDir.resolve("pg_hba.conf"), "host all " + role + " 127.0.0.1/32 scram-sha-256\n");
            OsUser.writePrivateFile(dataDir.resolve("pg_ident.conf"), "");
            OsUser.writePrivateFile(dataDir.resolve("recovery.signal"), "");
            return List.copyOf(moved);
        } catch (IOException e) {
            throw new EnvironmentException("Cannot configure the restored data directory " + dataDir + " ("
                    + IoReason.of(e) + ").", e);
        }
    }

    /**
     * The restore_command program: it copies (or decompresses) a segment from the archive and exits 1 only when the
     * archive has no such file, which recovery reads as the archive's end; a file it has but cannot read exits 126,
     * which PostgreSQL treats as fatal, so a damaged archive never passes for a short one. Each request is journaled.
     *
     * @param fetch shell lines that copy {@code "$a/$f$s"} to {@code "$p"} for each suffix; see {@link #directoryFetch}
     */
    public static void writeRestoreCommand(Path script, Path journal, String fetch) {
        String body = "#!/bin/sh\n"
                + "# restore-drill: reads the WAL archive, never writes to it\n"
                + "f=\"$1\"; p=\"$2\"; j=" + shellQuote(journal.toString()) + "\n"
                + fetch;
        try {
            Files.writeString(script, body, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("r-x------"));
            OsUser.giveToServerUser(script);
            OsUser.writePrivateFile(journal, "");
        } catch (IOException e) {
            throw new EnvironmentException("Cannot write the drill's restore_command " + script + " (" + IoReason.of(e) + ").", e);
        }
    }

    /** Fetches from a directory archive: plain, gzip, zstd or lz4 segments. No archive: every request is missing. */
    public static String directoryFetch(Optional<Path> archive) {
        if (archive.isEmpty()) {
            return "echo \"$f missing\" >> \"$j\"\nexit 1\n";
        }
        return "a=" + shellQuote(archive.get().toString()) + "\n"
                + "for s in '' .gz .zst .lz4; do\n"
                + "  [ -f \"$a/$f$s\" ] || continue\n"
                + "  case \"$s\" in\n"
                + "    '') cp \"$a/$f\" \"$p\" ;;\n"
                + "    .gz) gzip -dc \"$a/$f$s\" > \"$p\" ;;\n"
                + "    .zst) zstd -qdc \"$a/$f$s\" > \"$p\" ;;\n"
                + "    .lz4) lz4 -qdc \"$a/$f$s\" > \"$p\" ;;\n"
                + "  esac && { echo \"$f found\" >> \"$j\"; exit 0; }\n"
                + "  echo \"$f error\" >> \"$j\"; exit 126\n"
                + "done\n"
                + "echo \"$f missing\" >> \"$j\"\nexit 1\n";
    }

    /** Runs a command line given {@code %f} and {@code %p} (pgBackRest's archive-get): 1 stays "missing", any other failure is fatal. */
    public static String commandFetch(String command) {
        return command + " \"$f\" \"$p\"\n"
                + "rc=$?\n"
                + "if [ $rc -eq 0 ]; then echo \"$f found\" >> \"$j\"; exit 0; fi\n"
                + "if [ $rc -eq 1 ]; then echo \"$f missing\" >> \"$j\"; exit 1; fi\n"
                + "echo \"$f error $rc\" >> \"$j\"; exit 126\n";
    }

    static String shellQuote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
