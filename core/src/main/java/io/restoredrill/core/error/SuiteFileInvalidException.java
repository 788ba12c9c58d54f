package io.restoredrill.core.error;

/** The verification suite file cannot be read, is not valid YAML/JSON, or has unknown or missing fields. */
public final class SuiteFileInvalidException extends DrillException {

    public SuiteFileInvalidException(String message) {
        super(message);
    }

    public SuiteFileInvalidException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Category category() {
        return Category.CONFIGURATION;
    }
}
