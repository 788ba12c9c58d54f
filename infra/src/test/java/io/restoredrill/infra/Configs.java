package io.restoredrill.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.infra.config.ConfigLoader;
import io.restoredrill.infra.config.DrillConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/** infra/config/example.json, changed the way one test needs it. */
final class Configs {

    static final ObjectMapper JSON = new ObjectMapper();

    private Configs() {
    }

    static ObjectNode exampleTree() {
        try {
            return (ObjectNode) JSON.readTree(Synthesized.EXAMPLE.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String exampleWith(Consumer<ObjectNode> change) {
        ObjectNode tree = exampleTree();
        change.accept(tree);
        return tree.toString();
    }

    static DrillConfig parse(Consumer<ObjectNode> change) {
        return ConfigLoader.parse(exampleWith(change), "test.json");
    }
}
