package io.restoredrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.restoredrill.testing.PostgresFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Backups made the way teams make them, with the real tools: {@code pg_dump} of a fixture's database, piped
 * through {@code gzip}, {@code zstd}, {@code lz4}, {@code age} or {@code gpg} by a shell into a file.
 */
final class Backups {

    private Backups() {
    }

    /**
     * Runs {@code pg_dump <dumpOptions> <database> <pipeline> > target} with pipefail.
     *
     * @param pipeline the shell after pg_dump's output, e.g. {@code | zstd -q | age -r age1…}; empty for none
     */
    static Path make(PostgresFixture source, String database, String dumpOptions, String pipeline, Path target)
            throws IOException, InterruptedException {
        Files.createDirectories(target.getParent());
        String pgDump = source.cluster().binaries().program("pg_dump").toString();
        String script = "set -o pipefail; '" + pgDump + "' " + dumpOptions + " '" + database + "' " + pipeline
                + " > '" + target + "'";
        shell(source, script);
        return target;
    }

    /** A directory-format dump (pg_dump {@code --format=directory}) at {@code target}. */
    static Path directory(PostgresFixture source, String database, Path target) throws IOException, InterruptedException {
        Files.createDirectories(target.getParent());
        shell(source, "'" + source.cluster().binaries().program("pg_dump") + "' --format=directory --file='" + target
                + "' '" + database + "'");
        return target;
    }

    /** Cuts a file to its first {@code bytes} bytes, as an interrupted upload leaves it. */
    static Path truncated(Path original, long bytes, Path target) throws IOException {
        try (var in = Files.newInputStream(original)) {
            Files.write(target, in.readNBytes((int) bytes));
        }
        return target;
    }

    private static void shell(PostgresFixture source, String script) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of("bash", "-c", script)).redirectErrorStream(true);
        builder.environment().putAll(source.cluster().clientEnvironment());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(script + "\n" + output).isZero();
    }
}
