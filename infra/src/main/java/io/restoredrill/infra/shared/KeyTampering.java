package io.restoredrill.infra.shared;

import io.restoredrill.infra.Names;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.iam.ServicePrincipalOpts;
import software.amazon.awscdk.services.kms.IKey;
import software.constructs.Construct;

/**
 * EventBridge rules on the CloudTrail events that would destroy or unlock a key protecting locked backups
 * ({@link Keys#BREAK_GLASS_ACTIONS}), successful or denied: CloudTrail records a denied call too, and an attempt is
 * what should page someone. Each region's rule matches its own key's events (KMS events stay in the key's region);
 * the source region forwards its matches to {@link Names#KEY_EVENTS_BUS} in the recovery region, where both reach the
 * topic. EventBridge receives "AWS API Call via CloudTrail" events only where a CloudTrail trail logs management
 * events (docs/deploy.md).
 */
public final class KeyTampering {

    /** In each region, on the default bus: that region's backup key. */
    public static final String RULE_NAME = Names.SERVICE + "-backup-key-tampering";
    /** In the recovery region, on {@link Names#KEY_EVENTS_BUS}: what the source region's rule forwards. */
    public static final String FORWARDED_RULE_NAME = Names.SERVICE + "-source-backup-key-tampering";
    public static final List<String> EVENT_NAMES = Keys.BREAK_GLASS_ACTIONS.stream()
            .map(action -> action.substring("kms:".length())).toList();

    private KeyTampering() {
    }

    /**
     * This key's tampering events. The caller names the key by ID or ARN (these four calls take no alias); a
     * successful call also lists the key's ARN under {@code resources}.
     */
    public static Map<String, Object> pattern(IKey key) {
        return Map.of(
                "source", List.of("aws.kms"),
                "detail-type", List.of("AWS API Call via CloudTrail"),
                "detail", Map.of(
                        "eventSource", List.of("kms.amazonaws.com"),
                        "eventName", EVENT_NAMES,
                        "$or", List.of(
                                Map.of("requestParameters", Map.of("keyId", List.of(key.getKeyId(), key.getKeyArn()))),
                                Map.of("resources", Map.of("ARN", List.of(key.getKeyArn()))))));
    }

    /** On the recovery region's key-events bus: the source region's rule already chose its key's events. */
    public static Map<String, Object> forwardedPattern(String sourceRegion) {
        return Map.of(
                "source", List.of("aws.kms"),
                "detail-type", List.of("AWS API Call via CloudTrail"),
                "region", List.of(sourceRegion),
                "detail", Map.of(
                        "eventSource", List.of("kms.amazonaws.com"),
                        "eventName", EVENT_NAMES));
    }

    /** A rule's ARN from its name (no reference, so a role's trust policy can name the rule that uses the role). */
    public static String ruleArn(Stack stack, String region, String busName, String ruleName) {
        return "arn:" + stack.getPartition() + ":events:" + region + ":" + stack.getAccount() + ":rule/"
                + (busName == null ? "" : busName + "/") + ruleName;
    }

    public static String busArn(Stack stack, String region, String busName) {
        return "arn:" + stack.getPartition() + ":events:" + region + ":" + stack.getAccount() + ":event-bus/" + busName;
    }

    /** A role only EventBridge may assume, only for these rules of this account (confused-deputy conditions). */
    public static Role eventsRole(Construct scope, String id, List<String> ruleArns, String description) {
        Stack stack = Stack.of(scope);
        return Role.Builder.create(scope, id)
                .assumedBy(new ServicePrincipal("events.amazonaws.com", ServicePrincipalOpts.builder()
                        .conditions(Map.of(
                                "StringEquals", Map.of("aws:SourceAccount", stack.getAccount()),
                                "ArnEquals", Map.of("aws:SourceArn", ruleArns)))
                        .build()))
                .description(description)
                .build();
    }
}
