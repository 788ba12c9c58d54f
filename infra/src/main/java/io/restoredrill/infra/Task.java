package io.restoredrill.infra;

import java.time.Duration;
import java.util.List;

/**
 * One Lambda function per handler of the functions module. A task that is a state of a state machine is named
 * {@code ${<Name>FunctionArn}} by the definitions it is a state of ({@link #DRILL_STATES}, {@link #RESTORE_TEST_STATES});
 * the Janitor (its schedule) and the RestoreTestValidator (its EventBridge rule) are states of none.
 *
 * @param memoryMb Java's CPU share grows with memory; SnapStart makes the start fast, memory the run
 * @param timeout  Verify's is Lambda's longest: a verification longer than that runs on in the next invocation
 */
public enum Task {
    PLAN("Plan", 1024, Duration.ofMinutes(1)),
    SNAPSHOT("Snapshot", 1024, Duration.ofMinutes(1)),
    CHECK_SNAPSHOT("CheckSnapshot", 1024, Duration.ofMinutes(1)),
    COPY("Copy", 1024, Duration.ofMinutes(1)),
    CHECK_COPY("CheckCopy", 1024, Duration.ofMinutes(1)),
    RESTORE("Restore", 1024, Duration.ofMinutes(1)),
    CHECK_RESTORE("CheckRestore", 1024, Duration.ofMinutes(1)),
    CREDENTIALS("Credentials", 1024, Duration.ofMinutes(1)),
    VERIFY("Verify", 2048, Duration.ofMinutes(15)),
    CLEANUP("Cleanup", 1024, Duration.ofMinutes(2)),
    PUBLISH("Publish", 1024, Duration.ofMinutes(2)),
    JANITOR("Janitor", 1024, Duration.ofMinutes(15)),
    /** The restore-test machine's last state: answers AWS Backup with PutRestoreValidationResult. */
    ANSWER_RESTORE_TEST("AnswerRestoreTest", 1024, Duration.ofMinutes(1)),
    /** The target of the rule on completed restore-testing jobs: starts the restore-test machine. */
    RESTORE_TEST_VALIDATOR("RestoreTestValidator", 1024, Duration.ofMinutes(1));

    /** The states of the drill machine (statemachine/restore-drill.asl.json). */
    public static final List<Task> DRILL_STATES = List.of(PLAN, SNAPSHOT, CHECK_SNAPSHOT, COPY, CHECK_COPY, RESTORE,
            CHECK_RESTORE, CREDENTIALS, VERIFY, CLEANUP, PUBLISH);
    /** The states of the restore-test machine (statemachine/restore-test.asl.json): AWS Backup restored, so no copy. */
    public static final List<Task> RESTORE_TEST_STATES = List.of(PLAN, RESTORE, CHECK_RESTORE, CREDENTIALS, VERIFY, CLEANUP,
            PUBLISH, ANSWER_RESTORE_TEST);

    private final String name;
    private final int memoryMb;
    private final Duration timeout;

    Task(String name, int memoryMb, Duration timeout) {
        this.name = name;
        this.memoryMb = memoryMb;
        this.timeout = timeout;
    }

    /** The state, handler and phase name: {@code CheckSnapshot}. */
    public String taskName() {
        return name;
    }

    public String handler() {
        return "io.restoredrill.aws.handler." + name + "Handler::handleRequest";
    }

    public String handlerClassFile() {
        return "io/restoredrill/aws/handler/" + name + "Handler.class";
    }

    /**
     * The definitions' placeholder for this task's function, without {@code ${}}; none for a task that is no state
     * (the Janitor, the RestoreTestValidator).
     */
    public String placeholder() {
        return isState() ? name + "FunctionArn" : null;
    }

    /** Whether a state machine runs it (else a schedule or a rule invokes it, asynchronously). */
    public boolean isState() {
        return DRILL_STATES.contains(this) || RESTORE_TEST_STATES.contains(this);
    }

    public int memoryMb() {
        return memoryMb;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Only the verifier runs in the isolated VPC: it is the one that talks to the restored database. */
    public boolean inVpc() {
        return this == VERIFY;
    }
}
