package io.restoredrill.local.physical;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.core.error.BackupLabelMissingException;
import io.restoredrill.core.error.BackupUnreadableException;
import io.restoredrill.core.error.EnvironmentException;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.error.IoReason;
import io.restoredrill.core.error.ToolMissingException;
import io.restoredrill.core.json.Json;
import io.restoredrill.core.postgres.OsUser;
import io.restoredrill.core.postgres.ProcessResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real {@code pgbackrest} program, run as the server user against a repository: {@code info} to choose a set,
 * {@code restore} into the drill's data directory, {@code repo-ls} to list the WAL archive and {@code archive-get}
 * to fetch from it. It runs with a configuration of the drill's own, written into the workspace: the repository
 * options of the user's configuration (S3, cipher) and nothing of its PostgreSQL hosts, so nothing can reach the
 * source; lock and log paths are the workspace's.
 */
public final class PgBackRest {

    private static final Pattern ERROR = Pattern.compile("ERROR: \\[(\\d{3})]: (.*)");
    private static final Pattern REPO_SEGMENT = Pattern.compile("(?:.*/)?([0-9A-F]{24})-[0-9a-f]{40}(\\..*)?");
    private static final String DEFAULT_CONFIG = "/etc/pgbackrest/pgbackrest.conf";
    private static final Pattern REPO_OPTION = Pattern.compile("repo(\\d+)-([a-z0-9-]+)\\s*=(.*)");

    private final Path config;
    private final String stanza;
    private PgBackRest(Path config, String stanza) {
        this.config = config;
        this.stanza = stanza;
    }

    /**
     * Writes the drill's configuration for the repository at {@code repo} into {@code home}, a new directory of the
     * workspace the server user can reach.
     *
     * @param userConfig the user's pgBackRest configuration; the options of the repository {@code repo} names apply
     */
    public static PgBackRest configure(String repo, String stanza, Optional<Path> userConfig, Path home) {
        requireInstalled();
        if (!stanza.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw new InvalidInputException("--stanza '" + stanza + "' is not a pgBackRest stanza name.");
        }
        Map<String, String> options = new LinkedHashMap<>(repoOptions(userConfig, stanza, repo));
        if (repo.startsWith("s3://")) {
            String rest = repo.substring("s3://".length());
            int slash = rest.indexOf('/');
            options.put("repo1-type", "s3");
            options.put("repo1-s3-bucket", slash < 0 ? rest : rest.substring(0, slash));
            options.put("repo1-path", slash < 0 ? "/" : rest.substring(slash));
        } else {
            Path path = Path.of(repo).toAbsolutePath();
            if (!Files.isDirectory(path)) {
                throw new InvalidInputException("--from " + repo + " is not a directory; give the pgBackRest repository's"
                        + " path (repo1-path) or s3://bucket/path.");
            }
            options.put("repo1-type", "posix");
            options.put("repo1-path", path.toString());
        }
        options.put("lock-path", home.resolve("lock").toString());
        options.put("log-path", home.resolve("log").toString());
        options.put("spool-path", home.resolve("spool").toString());
        options.put("log-level-file", "off");
        options.put("log-level-console", "off");
        options.put("log-level-stderr", "error");
        StringBuilder text = new StringBuilder("[global]\n");
        options.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        Path config = home.resolve("pgbackrest.conf");
        try {
            OsUser.createPrivateDirectory(home);
            OsUser.writePrivateFile(config, text.toString());
        } catch (IOException e) {
            throw new EnvironmentException("Cannot write the drill's pgBackRest configuration in " + home + " ("
                    + IoReason.of(e) + ").", e);
        }
        return new PgBackRest(config, stanza);
    }

    /** The tool as Plan configured it for {@code set}'s repository. */
    public static PgBackRest of(PgBackRestSet set) {
        return new PgBackRest(set.config(), set.stanza());
    }

    /** The set to restore: the one named, else the newest that ended before the target time, else the newest. */
    public PgBackRestSet choose(String repo, Optional<String> named, Optional<Instant> targetTime, Instant deadline) {
        JsonNode info = info(deadline);
        JsonNode status = info.path("status");
        if (status.path("code").asInt(-1) != 0) {
            throw new InvalidInputException("pgBackRest finds no usable stanza " + stanza + " in " + repo + ": "
                    + status.path("message").asText("no status") + ".");
        }
        List<JsonNode> sets = new ArrayList<>();
        info.path("backup").forEach(sets::add);
        if (sets.isEmpty()) {
            throw new InvalidInputException("Stanza " + stanza + " in " + repo + " has no backup; run 'pgbackrest backup'.");
        }
        JsonNode chosen;
        if (named.isPresent()) {
            chosen = sets.stream().filter(s -> s.path("label").asText().equals(named.get())).findFirst()
                    .orElseThrow(() -> new InvalidInputException("Stanza " + stanza + " has no backup " + named.get()
                            + "; the newest is " + sets.get(sets.size() - 1).path("label").asText() + "."));
        } else if (targetTime.isPresent()) {
            long target = targetTime.get().getEpochSecond();
            chosen = sets.stream().filter(s -> s.path("timestamp").path("stop").asLong() <= target)
                    .reduce((older, newer) -> newer)
                    .orElseThrow(() -> new InvalidInputException("No backup of stanza " + stanza + " ended before the"
                            + " target time " + targetTime.get() + "; the oldest ended at "
                            + Instant.ofEpochSecond(sets.get(0).path("timestamp").path("stop").asLong())
                            + ". Choose a later --target-time."));
        } else {
            chosen = sets.get(sets.size() - 1);
        }
        String archiveId = archiveIdOf(info, chosen);
        return new PgBackRestSet(repo, stanza, chosen.path("label").asText(), chosen.path("type").asText(),
                Instant.ofEpochSecond(chosen.path("timestamp").path("stop").asLong()), archiveId,
                chosen.path("info").path("repository").path("delta").asLong(
                        chosen.path("info").path("repository").path("size").asLong()), config);
    }

    /** Restores the set into {@code dataDir}, an empty directory the server user owns; writes no recovery settings of its own that the drill keeps. */
    public void restore(PgBackRestSet set, Path dataDir, Instant deadline) {
        ProcessResult result = run(List.of("--pg1-path=" + dataDir, "--set=" + set.label(), "--type=none",
                "--archive-mode=off", "--tablespace-map-all=" + dataDir.resolveSibling("tablespaces"), "restore"), deadline);
        if (!result.succeeded()) {
            Optional<Matcher> error = error(result.output());
            if (error.isPresent() && error.get().group(1).equals("055") && error.get().group(2).contains("backup_label")) {
                throw new BackupLabelMissingException("pgBackRest backup " + set.label() + " has no backup_label"
                        + " (pgBackRest: " + cut(error.get().group(2)) + "); without it the copy would be silently corrupt.");
            }
            throw new BackupUnreadableException("pgbackrest restore of backup " + set.label() + " failed: "
                    + error.map(m -> "[" + m.group(1) + "] " + cut(m.group(2))).orElse(result.reason()) + ".");
        }
    }

    /** The names in the set's WAL archive, as segment file names ({@code 000000010000000000000003}) and history files. */
    public List<String> archiveNames(PgBackRestSet set, Instant deadline) {
        ProcessResult result = run(List.of("--recurse", "--output=json", "repo-ls", "archive/" + stanza + "/" + set.archiveId()),
                deadline);
        if (!result.succeeded()) {
            throw new BackupUnreadableException("pgbackrest repo-ls cannot list the WAL archive of stanza " + stanza
                    + ": " + error(result.output()).map(m -> cut(m.group(2))).orElse(result.reason()) + ".");
        }
        List<String> names = new ArrayList<>();
        readJson(result.output()).fieldNames().forEachRemaining(path -> {
            Matcher segment = REPO_SEGMENT.matcher(path);
            String file = path.substring(path.lastIndexOf('/') + 1);
            if (segment.matches()) {
                names.add(segment.group(1));
            } else if (file.endsWith(".history")) {
                names.add(file);
            }
        });
        return names;
    }

    /** A timeline history file of the archive, fetched as recovery would. */
    public Optional<String> history(String name, Path scratch, Instant deadline) {
        Path into = scratch.resolve(name);
        ProcessResult result = run(List.of("archive-get", name, into.toString()), deadline);
        try {
            return result.succeeded() && Files.exists(into) ? Optional.of(Files.readString(into)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The command restore_command runs with a segment's name and destination, for the copy in {@code dataDir}. */
    public String archiveGetCommand(Path dataDir) {
        return RecoveryConfig.shellQuote(program()) + " --config=" + RecoveryConfig.shellQuote(config.toString())
                + " --stanza=" + RecoveryConfig.shellQuote(stanza) + " --pg1-path=" + RecoveryConfig.shellQuote(dataDir.toString())
                + " archive-get";
    }

    private JsonNode info(Instant deadline) {
        ProcessResult result = run(List.of("--output=json", "info"), deadline);
        if (!result.succeeded()) {
            throw new InvalidInputException("pgbackrest info cannot read stanza " + stanza + ": "
                    + error(result.output()).map(m -> "[" + m.group(1) + "] " + cut(m.group(2))).orElse(result.reason()) + ".");
        }
        JsonNode all = readJson(result.output());
        if (!all.isArray() || all.isEmpty()) {
            throw new InvalidInputException("pgbackrest info lists no stanza " + stanza + ".");
        }
        return all.get(0);
    }

    private static JsonNode readJson(String output) {
        try {
            return Json.mapper().readTree(output);
        } catch (IOException e) {
            throw new BackupUnreadableException("pgBackRest's JSON output cannot be read (" + e.getMessage() + ").", e);
        }
    }

    private static String archiveIdOf(JsonNode info, JsonNode set) {
        int dbId = set.path("database").path("id").asInt(1);
        for (JsonNode archive : info.path("archive")) {
            if (archive.path("database").path("id").asInt(-1) == dbId) {
                return archive.path("id").asText();
            }
        }
        for (JsonNode db : info.path("db")) {
            if (db.path("id").asInt(-1) == dbId) {
                return db.path("version").asText() + "-" + dbId;
            }
        }
        throw new BackupUnreadableException("pgbackrest info names no archive for backup " + set.path("label").asText() + ".");
    }

    private ProcessResult run(List<String> arguments, Instant deadline) {
        List<String> command = new ArrayList<>(List.of(program(), "--config=" + config, "--stanza=" + stanza));
        command.addAll(arguments);
        return OsUser.serverRunner().run(command, Map.of(), deadline);
    }

    private static Optional<Matcher> error(String output) {
        for (String line : output.split("\\R")) {
            Matcher m = ERROR.matcher(line.strip());
            if (m.find()) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /**
     * The options of the user's configuration for the repository {@code --from} names, from [global] and the stanza's
     * section, as {@code repo1-*}: of the repository whose {@code repoN-path} (and, for S3, {@code repoN-s3-bucket})
     * match it, else of {@code repo1}. A team's S3 repository is often its second.
     */
    static Map<String, String> repoOptions(Optional<Path> userConfig, String stanza, String repo) {
        Path file = userConfig.orElse(Path.of(DEFAULT_CONFIG));
        if (!Files.isReadable(file)) {
            if (userConfig.isPresent()) {
                throw new InvalidInputException("--pgbackrest-config " + file + " is not a readable file.");
            }
            return Map.of();
        }
        Map<Integer, Map<String, String>> repos = new TreeMap<>();
        String section = "";
        try {
            for (String raw : Files.readAllLines(file)) {
                String line = raw.strip();
                Matcher option = REPO_OPTION.matcher(line);
                if (line.startsWith("[") && line.endsWith("]")) {
                    section = line.substring(1, line.length() - 1);
                } else if ((section.equals("global") || section.equals(stanza)) && option.matches()) {
                    repos.computeIfAbsent(Integer.parseInt(option.group(1)), n -> new LinkedHashMap<>())
                            .put(option.group(2), option.group(3).strip());
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException("Cannot read --pgbackrest-config " + file + " (" + IoReason.of(e) + ").");
        }
        Map<String, String> chosen = repos.values().stream().filter(options -> names(options, repo)).findFirst()
                .orElse(repos.getOrDefault(1, Map.of()));
        Map<String, String> asRepo1 = new LinkedHashMap<>();
        chosen.forEach((key, value) -> asRepo1.put("repo1-" + key, value));
        return asRepo1;
    }

    /** Whether a repository's options ({@code path}, {@code type}, {@code s3-bucket}) describe {@code repo}. */
    private static boolean names(Map<String, String> options, String repo) {
        String path = options.getOrDefault("path", "/var/lib/pgbackrest");
        if (repo.startsWith("s3://")) {
            String rest = repo.substring("s3://".length());
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String prefix = slash < 0 ? "/" : rest.substring(slash);
            return "s3".equals(options.get("type")) && bucket.equals(options.get("s3-bucket"))
                    && strip(prefix).equals(strip(path));
        }
        return !"s3".equals(options.get("type")) && Path.of(repo).toAbsolutePath().normalize()
                .equals(Path.of(path).toAbsolutePath().normalize());
    }

    private static String strip(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static String program() {
        return "pgbackrest";
    }

    private static void requireInstalled() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, program()))) {
                return;
            }
        }
        throw new ToolMissingException("pgbackrest is not installed: install it (Debian/Ubuntu: apt-get install -y"
                + " pgbackrest) to drill a pgBackRest repository.");
    }

    private static String cut(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
