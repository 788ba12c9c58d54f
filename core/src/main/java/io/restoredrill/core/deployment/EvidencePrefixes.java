package io.restoredrill.core.deployment;

/** Where the evidence bucket keeps what: the stacks permit each function exactly its prefix. */
public final class EvidencePrefixes {

    /** Verify's results and progress: {@code verification/<source>/<drillId>.json}. */
    public static final String VERIFICATION = "verification/";
    /**
     * Verification suites an execution input names by key ({@code suiteKey}): written by the team, read by Plan, kept
     * under Object Lock like the evidence, so a report's suite cannot change after the drill.
     */
    public static final String SUITES = "suites/";
    /** Publish's reports and their chain: {@code reports/<source>/…}. */
    public static final String REPORTS = "reports/";

    private EvidencePrefixes() {
    }
}
