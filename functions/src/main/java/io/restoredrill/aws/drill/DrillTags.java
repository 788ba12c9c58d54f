package io.restoredrill.aws.drill;

import io.restoredrill.core.deployment.DrillTagKeys;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tags on everything a drill creates. Destructive calls check them in code, and IAM
 * conditions on {@code aws:ResourceTag/restore-drill:managed} check them again.
 */
public final class DrillTags {

    public static final String MANAGED = DrillTagKeys.MANAGED;
    public static final String DRILL_ID = DrillTagKeys.ID;
    public static final String SOURCE = DrillTagKeys.SOURCE;
    public static final String EXPIRES_AT = DrillTagKeys.EXPIRES_AT;

    private DrillTags() {
    }

    public static Map<String, String> of(String drillId, String source, Instant expiresAt) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(MANAGED, "true");
        tags.put(DRILL_ID, drillId);
        tags.put(SOURCE, source);
        tags.put(EXPIRES_AT, expiresAt.toString());
        return tags;
    }

    /** Whether tags mark a resource as created by this very drill. */
    public static boolean ownedBy(Map<String, String> tags, String drillId) {
        return "true".equals(tags.get(MANAGED)) && drillId.equals(tags.get(DRILL_ID));
    }
}
