package io.restoredrill.aws.state;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the state machine's Catch recorded about a failed step: the error name (for the Java
 * runtime, the exception's fully qualified class name) and the cause, a JSON document whose
 * {@code errorMessage} is the exception's one-sentence message.
 */
public record DrillFailure(@JsonProperty("Error") String error, @JsonProperty("Cause") String cause) {
}
