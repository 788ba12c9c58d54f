package io.restoredrill.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The sample events in the repository's events/ folder, which the tests use so they stay valid. */
public final class Events {

    private Events() {
    }

    public static String read(String name) {
        Path file = Path.of(System.getProperty("user.dir")).getParent().resolve("events").resolve(name);
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
