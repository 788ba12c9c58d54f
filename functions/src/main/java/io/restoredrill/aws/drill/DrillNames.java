package io.restoredrill.aws.drill;

import io.restoredrill.core.deployment.DrillResourceNames;
import io.restoredrill.core.error.InvalidInputException;

/**
 * Every name a drill creates, computed once in Plan: {@code drill-<source>-<drillId>}, shortened
 * to RDS's identifier rules (letters, digits and single hyphens, starting with a letter, at most
 * 63 characters, room kept for the Aurora writer's {@code -writer}). Deterministic names make a retried step find what its first try created.
 */
public record DrillNames(String snapshot, String copy, String restored, String writer, String secret) {

    /** Every RDS identifier a drill creates starts with this. */
    public static final String PREFIX = DrillResourceNames.RESOURCE_PREFIX;
    /** Every secret a drill creates is named under this. */
    public static final String SECRET_PREFIX = DrillResourceNames.SECRET_PREFIX;
    static final int MAX_IDENTIFIER = 63;
    private static final String WRITER_SUFFIX = "-writer";

    public static DrillNames of(String source, String drillId) {
        String id = identifier(drillId);
        String base = PREFIX + identifier(source);
        int room = MAX_IDENTIFIER - WRITER_SUFFIX.length() - id.length() - 1;
        if (room < (PREFIX + "x").length()) {
            throw new InvalidInputException("The drill id '" + drillId + "' is too long to name RDS resources.");
        }
        String prefix = base.length() > room ? base.substring(0, room).replaceAll("-+$", "") : base;
        String name = prefix + "-" + id;
        return new DrillNames(name, name + "-copy", name, name + WRITER_SUFFIX, SECRET_PREFIX + identifier(source) + "/" + id);
    }

    /** Lower-case letters, digits and single hyphens, no hyphen at either end. */
    static String identifier(String raw) {
        return raw.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
    }

    /** Whether an RDS identifier (instance, cluster, snapshot) is one a drill would create. */
    public static boolean looksDrillOwned(String name) {
        return name != null && name.startsWith(PREFIX);
    }
}
