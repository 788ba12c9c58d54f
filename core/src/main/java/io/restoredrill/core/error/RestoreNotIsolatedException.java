package io.restoredrill.core.error;

/**
 * The restored database is outside the isolated network (another subnet group or security group, or
 * publicly accessible), as a restore testing selection without the stack's metadata overrides puts it
 * in the default VPC. The drill sets no password on it and verifies nothing; the message names what
 * was found and what was expected.
 */
public final class RestoreNotIsolatedException extends DrillException {

    public RestoreNotIsolatedException(String message) {
        super(message);
    }

    @Override
    public Category category() {
        return Category.DRILL_FAILED;
    }
}
