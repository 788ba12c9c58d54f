package io.restoredrill.aws.publish;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.aws.state.DrillFailure;
import io.restoredrill.core.json.Json;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * What the state machine's Catch recorded, read for people: the error's name and the failed step's
 * one-sentence message. For a Java Lambda the error is the exception's fully qualified class name
 * and the cause is the runtime's JSON ({@code errorMessage}, {@code errorType}, {@code stackTrace});
 * Step Functions' own errors ({@code States.Timeout}) may carry plain text or nothing.
 *
 * @param error     the error name as recorded, e.g. {@code io.restoredrill.core.error.RestoreFailedException}
 * @param shortName the class's simple name for a Java class name ({@code RestoreFailedException}), else the error as is
 * @param message   the failed step's message, never blank
 */
public record FailureCause(String error, String shortName, String message) {

    private static final Pattern JAVA_CLASS = Pattern.compile("(?:[a-z_$][\\w$]*\\.)+([A-Z][\\w$]*)");

    public static FailureCause of(DrillFailure failure) {
        String error = failure.error() == null || failure.error().isBlank() ? "UnknownError" : failure.error().trim();
        var matcher = JAVA_CLASS.matcher(error);
        String shortName = matcher.matches() ? matcher.group(1) : error;
        return new FailureCause(error, shortName, message(failure.cause(), shortName));
    }

    private static String message(String cause, String shortName) {
        if (cause == null || cause.isBlank()) {
            return "The step failed with " + shortName + " and gave no message.";
        }
        String text = cause.trim();
        if (text.startsWith("{")) {
            try {
                JsonNode node = Json.mapper().readTree(text);
                JsonNode message = node.get("errorMessage");
                if (message != null && message.isTextual() && !message.asText().isBlank()) {
                    return message.asText().trim();
                }
            } catch (IOException e) {
                // Not the runtime's JSON after all: the text itself is the best account there is.
            }
        }
        return text;
    }

    /** One sentence for the report and the notification, naming the error class. */
    public String sentence(String phase) {
        return phase + " failed with " + shortName + ": " + message;
    }
}
