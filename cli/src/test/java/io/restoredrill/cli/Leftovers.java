package io.restoredrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Asserts that a drill left nothing behind: no files in its work area, no process started from it. */
final class Leftovers {

    private Leftovers() {
    }

    static void assertNone(Path workParent) {
        try (Stream<Path> children = Files.exists(workParent) ? Files.list(workParent) : Stream.empty()) {
            assertThat(children.toList()).as("files left in the work directory " + workParent).isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(processesUnder(workParent)).as("processes still running from " + workParent).isEmpty();
    }

    static List<String> processesUnder(Path dir) {
        String needle = dir.toString();
        return ProcessHandle.allProcesses()
                .map(p -> p.info().commandLine().orElse(""))
                .filter(cmd -> cmd.contains(needle))
                .toList();
    }
}
