package io.restoredrill.aws.restoretest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.json.Json;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * This deployment's restore testing plans ({@code RESTORE_TESTS}): each plan's ARN and the drill input
 * of the source it tests, as the stack wrote it from the configuration.
 */
public final class RestoreTestPlans {

    private final Map<String, ObjectNode> inputsByPlan;

    private RestoreTestPlans(Map<String, ObjectNode> inputsByPlan) {
        this.inputsByPlan = Map.copyOf(inputsByPlan);
    }

    /** @param json a JSON object from plan ARN to drill input; {@code null} or blank for a deployment without plans */
    public static RestoreTestPlans parse(String json) {
        Map<String, ObjectNode> plans = new LinkedHashMap<>();
        if (json == null || json.isBlank()) {
            return new RestoreTestPlans(plans);
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new InvalidInputException("The validator's RESTORE_TESTS is not JSON; redeploy the recovery-region stack.", e);
        }
        if (!root.isObject()) {
            throw new InvalidInputException("The validator's RESTORE_TESTS is not a JSON object of plan ARN to drill input.");
        }
        root.fields().forEachRemaining(plan -> {
            if (!plan.getValue().isObject() || !plan.getValue().path("source").isTextual()) {
                throw new InvalidInputException("RESTORE_TESTS gives plan " + plan.getKey() + " no drill input with a source.");
            }
            plans.put(plan.getKey(), (ObjectNode) plan.getValue());
        });
        return new RestoreTestPlans(plans);
    }

    /** The drill input of the source the plan tests (a copy), if the plan is one of this deployment's. */
    public Optional<ObjectNode> inputOf(String planArn) {
        ObjectNode input = planArn == null ? null : inputsByPlan.get(planArn);
        return Optional.ofNullable(input).map(ObjectNode::deepCopy);
    }
}
