package io.restoredrill.aws.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One synthesized policy of the recovery stack, as infra/policies/ holds it (written from the
 * template and checked against it by infra's {@code PolicyFilesTest}), with this test's deployment
 * filled in for its placeholders.
 */
public final class DeployedPolicy {

    /** infra/policies/, from the functions module's directory (where Maven runs its tests). */
    static final Path DIRECTORY = Path.of("..", "infra", "policies");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z]+)}");

    private final String name;
    private final ObjectNode document;

    private DeployedPolicy(String name, ObjectNode document) {
        this.name = name;
        this.document = document;
    }

    /** @param name a function's ({@code Verify}) or an endpoint's ({@code endpoints/S3}) policy */
    public static DeployedPolicy read(String name, Map<String, String> values) {
        Path file = DIRECTORY.resolve(name + ".json");
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("the synthesized policy " + file.toAbsolutePath().normalize()
                    + " cannot be read (infra's PolicyFilesTest writes infra/policies/)", e);
        }
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException(file + " needs ${" + matcher.group(1) + "}, which the test's deployment"
                        + " does not give (" + values.keySet() + ")");
            }
            matcher.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(filled);
        try {
            return new DeployedPolicy(name, (ObjectNode) Json.mapper().readTree(filled.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String name() {
        return name;
    }

    /** The policy document as deployed. */
    public String json() {
        return document.toString();
    }

    /**
     * The document for moto, which authorizes requests of most services (all but S3) against the resource
     * {@code *} rather than their ARN: their statements keep actions and effect with {@code Resource: *}.
     * {@link AuthorizedCalls} checks those resources instead.
     */
    String forMoto() {
        ObjectNode copy = document.deepCopy();
        for (JsonNode statement : copy.withArray("Statement")) {
            boolean s3Only = strings(statement.get("Action")).stream().allMatch(a -> a.startsWith("s3:"));
            if (!s3Only) {
                ((ObjectNode) statement).put("Resource", "*");
            }
        }
        return copy.toString();
    }

    /**
     * IAM's evaluation of an action on a resource, by the statements' Effect, Action and Resource (with
     * {@code *} and {@code ?} as wildcards); conditions are not evaluated here: the template tests prove them.
     *
     * @return ALLOWED, DENIED (an explicit Deny), or NOT_ALLOWED (no statement allows it)
     */
    public Decision decide(String action, String resource) {
        boolean allowed = false;
        for (JsonNode statement : document.withArray("Statement")) {
            if (matchesAny(strings(statement.get("Action")), action) && matchesAny(strings(statement.get("Resource")), resource)) {
                if ("Deny".equals(statement.path("Effect").asText())) {
                    return Decision.DENIED;
                }
                allowed = true;
            }
        }
        return allowed ? Decision.ALLOWED : Decision.NOT_ALLOWED;
    }

    public enum Decision { ALLOWED, DENIED, NOT_ALLOWED }

    private static boolean matchesAny(List<String> patterns, String value) {
        return patterns.stream().anyMatch(pattern -> glob(pattern).matcher(value).matches());
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(switch (c) {
                case '*' -> ".*";
                case '?' -> ".";
                default -> Pattern.quote(String.valueOf(c));
            });
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node == null) {
            return values;
        }
        if (node instanceof ArrayNode array) {
            array.forEach(value -> values.add(value.asText()));
        } else {
            values.add(node.asText());
        }
        return values;
    }
}
