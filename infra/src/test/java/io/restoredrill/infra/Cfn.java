package io.restoredrill.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awscdk.assertions.Template;

/** Reading a synthesized template's plain JSON maps in tests. */
final class Cfn {

    private Cfn() {
    }

    /** Resources of one type, logical id to properties. */
    static Map<String, Map<String, Object>> properties(Template template, String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        template.findResources(type).forEach((id, resource) -> found.put(id, Synthesized.properties(resource)));
        return found;
    }

    static Map<String, Object> only(Template template, String type) {
        Map<String, Map<String, Object>> found = properties(template, type);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type + ", found " + found.keySet());
        }
        return found.values().iterator().next();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> l ? (List<Object>) l : List.of(value);
    }

    static List<String> strings(Object value) {
        return list(value).stream().map(Cfn::render).toList();
    }

    /** The logical id a {@code Ref} or {@code Fn::GetAtt} points at. */
    static String target(Object value) {
        Map<String, Object> token = map(value);
        if (token.containsKey("Ref")) {
            return (String) token.get("Ref");
        }
        if (token.containsKey("Fn::GetAtt")) {
            return (String) list(token.get("Fn::GetAtt")).get(0);
        }
        throw new AssertionError("not a Ref or GetAtt: " + value);
    }

    /** A value as one string: literals as they are, {@code Fn::Join} joined, references as {@code <Ref:Id>}. */
    static String render(Object value) {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        Map<String, Object> token = map(value);
        if (token.containsKey("Fn::Join")) {
            List<Object> join = list(token.get("Fn::Join"));
            return list(join.get(1)).stream().map(Cfn::render).collect(Collectors.joining((String) join.get(0)));
        }
        if (token.containsKey("Ref")) {
            return "<Ref:" + token.get("Ref") + ">";
        }
        if (token.containsKey("Fn::GetAtt")) {
            List<Object> att = list(token.get("Fn::GetAtt"));
            return "<" + att.get(0) + "." + att.get(1) + ">";
        }
        return String.valueOf(value);
    }

    /** Every statement of every IAM policy in the template, with the policy's logical id. */
    static List<Statement> statements(Template template) {
        List<Statement> statements = new ArrayList<>();
        properties(template, "AWS::IAM::Policy").forEach((id, properties) -> {
            for (Object raw : list(map(properties.get("PolicyDocument")).get("Statement"))) {
                Map<String, Object> statement = map(raw);
                statements.add(new Statement(id, (String) statement.get("Sid"), (String) statement.get("Effect"),
                        strings(statement.get("Action")), strings(statement.get("Resource")),
                        statement.get("Condition") == null ? Map.of() : map(statement.get("Condition")),
                        strings(map(properties).get("Roles") == null ? List.of() : properties.get("Roles"))));
            }
        });
        return statements;
    }

    record Statement(String policy, String sid, String effect, List<String> actions, List<String> resources,
                     Map<String, Object> conditions, List<String> roles) {

        @SuppressWarnings("unchecked")
        Object condition(String operator, String key) {
            Object block = conditions.get(operator);
            return block == null ? null : ((Map<String, Object>) block).get(key);
        }

        boolean hasAction(java.util.function.Predicate<String> test) {
            return actions.stream().anyMatch(test);
        }
    }
}
