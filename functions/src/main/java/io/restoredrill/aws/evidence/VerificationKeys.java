package io.restoredrill.aws.evidence;

import io.restoredrill.core.deployment.EvidencePrefixes;

/** Where Verify keeps a drill's verification in the evidence bucket. */
public final class VerificationKeys {

    public static final String PREFIX = EvidencePrefixes.VERIFICATION;

    private VerificationKeys() {
    }

    /** The full result Publish reads (by the version Verify wrote). */
    public static String result(String source, String drillId) {
        return PREFIX + source + "/" + drillId + ".json";
    }

    /**
     * The progress of a verification that runs over several invocations: its plan and every result so far. Named after
     * the execution's start too: a drill id given again in a new execution must not take up the old one's progress.
     */
    public static String progress(String source, String drillId, java.time.Instant startedAt) {
        return PREFIX + source + "/" + drillId + ".progress-" + startedAt.toEpochMilli() + ".json";
    }
}
