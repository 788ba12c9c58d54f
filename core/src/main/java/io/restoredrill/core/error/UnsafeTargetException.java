package io.restoredrill.core.error;

/**
 * The drill was about to create, change or delete a resource it does not own (no drill tags, or
 * another drill's). Nothing is done; the message names the resource and the tags found.
 */
public final class UnsafeTargetException extends DrillException {

    public UnsafeTargetException(String message) {
        super(message);
    }

    @Override
    public Category category() {
        return Category.CONFIGURATION;
    }
}
