package io.restoredrill.core.error;

/** An argument, option or input field is missing, malformed or contradictory. */
public final class InvalidInputException extends DrillException {

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Category category() {
        return Category.CONFIGURATION;
    }
}
