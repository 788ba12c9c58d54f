package io.restoredrill.aws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The sample events in the repository's events/ folder, which the tests use so they stay valid. */
public final class Events {

    private Events() {
    }

    /** A JSON event with one field set (a dotted path such as {@code restore.subnetGroup} reaches inside). */
    public static String with(String json, String path, Object value) {
        try {
            ObjectNode root = (ObjectNode) Json.mapper().readTree(json);
            ObjectNode parent = root;
            String[] parts = path.split("\\.");
            for (int i = 0; i < parts.length - 1; i++) {
                parent = parent.withObject("/" + parts[i]);
            }
            parent.set(parts[parts.length - 1], Json.mapper().valueToTree(value));
            return Json.mapper().writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
