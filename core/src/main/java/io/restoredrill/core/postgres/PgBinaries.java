package io.restoredrill.core.postgres;

import io.restoredrill.core.error.ToolMissingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One directory holding the PostgreSQL programs a local drill needs, all of one major version.
 */
public record PgBinaries(Path dir, int major, String version) {

    /** Every program a local drill runs. */
    public static final List<String> REQUIRED = List.of("pg_dump", "pg_restore", "initdb", "pg_ctl", "postgres");

    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)(?:\\.(\\d+))?");
    private static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");

    public Path program(String name) {
        return dir.resolve(name);
    }

    /**
     * Finds binaries of a major version at least {@code minimumMajor}, preferring the lowest such
     * version, so the restored server is as close as possible to the source.
     *
     * @param explicit a directory given by the user; only it is considered
     * @param setting  where the user names that directory (an engine's option, such as the local drill's
     *                 {@code --pg-bin}), for the messages
     * @param minimumMajor the source server's major version, or 0 when any version will do
     * @throws ToolMissingException naming the version needed, what was found, and how to install it
     */
    public static PgBinaries find(Optional<Path> explicit, String setting, int minimumMajor) {
        List<Path> candidates = explicit.map(List::of).orElseGet(PgBinaries::candidateDirs);
        List<PgBinaries> usable = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        for (Path dir : candidates) {
            List<String> missing = REQUIRED.stream().filter(p -> !Files.isExecutable(dir.resolve(p))).toList();
            if (!missing.isEmpty()) {
                if (explicit.isPresent()) {
                    throw new ToolMissingException(setting + " " + dir + " lacks " + String.join(", ", missing)
                            + "; point it at a directory with all of " + String.join(", ", REQUIRED) + ".");
                }
                continue;
            }
            PgBinaries binaries = probe(dir);
            if (binaries.major() >= minimumMajor) {
                usable.add(binaries);
            } else {
                rejected.add(binaries.version() + " in " + dir);
            }
        }
        return usable.stream().min(Comparator.comparingInt(PgBinaries::major))
                .orElseThrow(() -> notFound(minimumMajor, rejected, explicit.isPresent(), setting));
    }

    private static ToolMissingException notFound(int minimumMajor, List<String> rejected, boolean explicit,
                                                 String setting) {
        String needed = minimumMajor > 0 ? "PostgreSQL " + minimumMajor + " or newer" : "PostgreSQL";
        String found = rejected.isEmpty() ? "none found" : "found only " + String.join(", ", rejected);
        String where = explicit ? "in " + setting : "on PATH or in /usr/lib/postgresql/*/bin";
        String pkg = minimumMajor > 0 ? "postgresql-" + minimumMajor : "postgresql";
        return new ToolMissingException("The drill needs " + needed + " programs (" + String.join(", ", REQUIRED)
                + ") " + where + ", " + found + "; install them (Debian/Ubuntu: apt-get install -y " + pkg
                + ") or name their directory with " + setting + ".");
    }

    private static List<Path> candidateDirs() {
        Set<Path> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(java.io.File.pathSeparator)) {
                if (!entry.isBlank()) {
                    dirs.add(Path.of(entry));
                }
            }
        }
        if (Files.isDirectory(DEBIAN_ROOT)) {
            try (Stream<Path> versions = Files.list(DEBIAN_ROOT)) {
                dirs.addAll(versions.map(v -> v.resolve("bin")).sorted().collect(Collectors.toList()));
            } catch (IOException e) {
                // An unreadable /usr/lib/postgresql simply contributes no candidates.
            }
        }
        return new ArrayList<>(dirs);
    }

    private static PgBinaries probe(Path dir) {
        ProcessResult result = ProcessRunner.asCurrentUser()
                .run(List.of(dir.resolve("pg_dump").toString(), "--version"), java.util.Map.of(), null);
        Matcher matcher = VERSION.matcher(result.output());
        if (!result.succeeded() || !matcher.find()) {
            throw new ToolMissingException(dir.resolve("pg_dump") + " --version did not report a PostgreSQL version: "
                    + result.lastLine() + ".");
        }
        String version = matcher.group(2) == null ? matcher.group(1) : matcher.group(1) + "." + matcher.group(2);
        return new PgBinaries(dir, Integer.parseInt(matcher.group(1)), version);
    }
}
