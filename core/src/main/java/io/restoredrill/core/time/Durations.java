package io.restoredrill.core.time;

import io.restoredrill.core.error.InvalidInputException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Human durations: {@code 90s}, {@code 15m}, {@code 1h30m}, {@code 2d}, {@code 500ms}. */
public final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {
    }

    /**
     * Parses a human duration.
     *
     * @param what names the option or field, for the error message
     * @throws InvalidInputException when the text is not a positive duration
     */
    public static Duration parse(String text, String what) {
        String trimmed = text == null ? "" : text.trim().toLowerCase();
        Matcher matcher = PART.matcher(trimmed);
        Duration total = Duration.ZERO;
        int at = 0;
        while (at < trimmed.length() && matcher.find(at) && matcher.start() == at) {
            long amount = Long.parseLong(matcher.group(1));
            total = total.plus(switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            });
            at = matcher.end();
        }
        if (trimmed.isEmpty() || at != trimmed.length() || total.isZero()) {
            throw new InvalidInputException(what + ": '" + text
                    + "' is not a positive duration; use forms like 90s, 15m, 1h30m or 2d.");
        }
        return total;
    }

    /** Formats for people: {@code 850ms}, {@code 12.3s}, {@code 4m 05s}, {@code 1h 02m}. */
    public static String format(Duration duration) {
        if (duration == null) {
            return "—";
        }
        long millis = duration.toMillis();
        if (millis < 0) {
            return "-" + format(duration.negated());
        }
        if (millis < 1_000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return String.format("%.1fs", millis / 1000.0);
        }
        long seconds = duration.toSeconds();
        if (seconds < 3_600) {
            return String.format("%dm %02ds", seconds / 60, seconds % 60);
        }
        if (seconds < 86_400) {
            return String.format("%dh %02dm", seconds / 3_600, (seconds % 3_600) / 60);
        }
        return String.format("%dd %02dh", seconds / 86_400, (seconds % 86_400) / 3_600);
    }
}
