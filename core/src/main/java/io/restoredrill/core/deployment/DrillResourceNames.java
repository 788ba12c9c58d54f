package io.restoredrill.core.deployment;

/** How drills name what they create; the stacks' IAM resources match these prefixes. */
public final class DrillResourceNames {

    /** Every RDS resource a drill creates is named {@code drill-<source>-<drillId>…}. */
    public static final String RESOURCE_PREFIX = "drill-";
    /** A drill's secret is {@code restore-drill/<source>/<drillId>}. */
    public static final String SECRET_PREFIX = "restore-drill/";

    private DrillResourceNames() {
    }
}
