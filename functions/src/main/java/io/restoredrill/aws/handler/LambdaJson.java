package io.restoredrill.aws.handler;

import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Reads a handler's event and writes its result with the project's one JSON configuration. */
final class LambdaJson {

    private LambdaJson() {
    }

    static <T> T read(InputStream input, Class<T> type) {
        try {
            return Json.mapper().readValue(input, type);
        } catch (IOException e) {
            throw new InvalidInputException("The event is not a valid " + type.getSimpleName() + ": "
                    + e.getMessage().lines().findFirst().orElse("unreadable") + ".", e);
        }
    }

    static void write(OutputStream output, Object value) throws IOException {
        Json.mapper().writeValue(output, value);
    }
}
