package io.restoredrill.core.error;

/** The drill log's hash chain is broken: an entry was edited, reordered or removed. */
public final class DrillLogTamperedException extends DrillException {

    public DrillLogTamperedException(String message) {
        super(message);
    }

    public DrillLogTamperedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Category category() {
        return Category.DRILL_FAILED;
    }
}
