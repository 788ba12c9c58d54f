package io.restoredrill.core.deployment;

/** The environment variables the stacks set on the functions and the functions read. */
public final class FunctionEnvironment {

    public static final String EVIDENCE_BUCKET = "EVIDENCE_BUCKET";
    public static final String TOPIC_ARN = "TOPIC_ARN";
    public static final String METRICS_NAMESPACE = "METRICS_NAMESPACE";
    public static final String SOURCE_REGION = "SOURCE_REGION";
    public static final String RECOVERY_REGION = "RECOVERY_REGION";
    public static final String RECOVERY_KMS_KEY_ID = "RECOVERY_KMS_KEY_ID";
    public static final String RECOVERY_VAULT = "RECOVERY_VAULT";
    public static final String RESTORE_INSTANCE_CLASS = "RESTORE_INSTANCE_CLASS";
    public static final String RESTORE_SUBNET_GROUP = "RESTORE_SUBNET_GROUP";
    public static final String RESTORE_SECURITY_GROUP_IDS = "RESTORE_SECURITY_GROUP_IDS";
    public static final String RTO_BUDGET = "RTO_BUDGET";
    public static final String PHASE_BUDGETS = "PHASE_BUDGETS";
    public static final String DRILL_TTL = "DRILL_TTL";
    public static final String DRILL_SECRETS_KEY_ARN = "DRILL_SECRETS_KEY_ARN";
    public static final String VERIFIER_ROLE_ARN = "VERIFIER_ROLE_ARN";
    public static final String RDS_CA_BUNDLE = "RDS_CA_BUNDLE";
    /** The restore-test state machine the validator starts (statemachine/restore-test.asl.json). */
    public static final String RESTORE_TEST_STATE_MACHINE_ARN = "RESTORE_TEST_STATE_MACHINE_ARN";
    /**
     * The deployment's restore testing plans, as a JSON object: each plan's ARN to the drill input of the
     * source it tests (docs/state.md, as its schedule would send it, without {@code snapshotMode}).
     */
    public static final String RESTORE_TESTS = "RESTORE_TESTS";
    /**
     * The ARNs of the deployment's restore testing plans, comma-separated, for Plan and AnswerRestoreTest: they act
     * only on restore jobs those plans started.
     */
    public static final String RESTORE_TESTING_PLAN_ARNS = "RESTORE_TESTING_PLAN_ARNS";

    private FunctionEnvironment() {
    }
}
