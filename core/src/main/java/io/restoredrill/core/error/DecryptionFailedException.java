package io.restoredrill.core.error;

/** The encrypted dump cannot be decrypted with the identity given (wrong or missing key). */
public final class DecryptionFailedException extends DrillException {

    public DecryptionFailedException(String message) {
        super(message);
    }

    public DecryptionFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Category category() {
        return Category.CONFIGURATION;
    }
}
