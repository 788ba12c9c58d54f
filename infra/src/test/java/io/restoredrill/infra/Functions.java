package io.restoredrill.infra;

import java.util.Map;
import software.amazon.awscdk.assertions.Template;

/** Finding a task's function, alias and environment in a recovery template. */
final class Functions {

    private Functions() {
    }

    static String logicalId(Template template, Task task) {
        return Cfn.properties(template, "AWS::Lambda::Function").entrySet().stream()
                .filter(e -> task.handler().equals(e.getValue().get("Handler")))
                .map(Map.Entry::getKey)
                .reduce((a, b) -> {
                    throw new AssertionError("two functions run " + task.handler());
                })
                .orElseThrow(() -> new AssertionError("no function runs " + task.handler()));
    }

    static Map<String, Object> function(Template template, Task task) {
        return Cfn.properties(template, "AWS::Lambda::Function").get(logicalId(template, task));
    }

    static Map<String, Object> environment(Template template, Task task) {
        return Cfn.map(Cfn.map(function(template, task).get("Environment")).get("Variables"));
    }

    /** The alias the state machines and schedules use. */
    static String aliasId(Template template, Task task) {
        String function = logicalId(template, task);
        return Cfn.properties(template, "AWS::Lambda::Alias").entrySet().stream()
                .filter(e -> function.equals(Cfn.target(e.getValue().get("FunctionName"))))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no alias of " + task.taskName()));
    }

    /** The role a function runs as. */
    static String roleId(Template template, Task task) {
        return Cfn.target(function(template, task).get("Role"));
    }
}
