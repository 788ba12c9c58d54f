package io.restoredrill.infra;

import java.time.Duration;

/**
 * One Lambda function per handler of the functions module. Every task but the Janitor is a state
 * of the drill state machine, whose definition names it {@code ${<Name>FunctionArn}}.
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
    JANITOR("Janitor", 1024, Duration.ofMinutes(15));

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

    /** The definition's placeholder for this task's function, without {@code ${}}; none for the Janitor. */
    public String placeholder() {
        return this == JANITOR ? null : name + "FunctionArn";
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
