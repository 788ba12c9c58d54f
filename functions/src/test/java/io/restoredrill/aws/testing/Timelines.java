package io.restoredrill.aws.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.restoredrill.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Moves every instant in a sample drill state by the same amount, so a sample recorded on one day
 * can run against real time: its budgets then end in the future, as they would in a live drill.
 */
public final class Timelines {

    private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");

    private Timelines() {
    }

    /** The event with its timeline moved so that {@code sampleMoment} becomes {@code now}. */
    public static String moved(String json, Instant sampleMoment, Instant now) {
        try {
            JsonNode root = Json.mapper().readTree(json);
            shift(root, Duration.between(sampleMoment, now));
            return Json.mapper().writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void shift(JsonNode node, Duration by) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (isInstant(field.getValue())) {
                    field.setValue(new TextNode(Instant.parse(field.getValue().asText()).plus(by).toString()));
                } else {
                    shift(field.getValue(), by);
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(element -> shift(element, by));
        }
    }

    private static boolean isInstant(JsonNode node) {
        return node.isTextual() && INSTANT.matcher(node.asText()).matches();
    }
}
