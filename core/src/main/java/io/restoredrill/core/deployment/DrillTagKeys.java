package io.restoredrill.core.deployment;

import java.util.List;

/** The tags on everything a drill creates; the stacks' IAM conditions allow changes only to what carries them. */
public final class DrillTagKeys {

    public static final String MANAGED = "restore-drill:managed";
    public static final String ID = "restore-drill:id";
    public static final String SOURCE = "restore-drill:source";
    public static final String EXPIRES_AT = "restore-drill:expires-at";

    public static final List<String> ALL = List.of(MANAGED, ID, SOURCE, EXPIRES_AT);

    private DrillTagKeys() {
    }
}
