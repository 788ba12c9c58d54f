package io.restoredrill.core.run;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;

/** Drill ids sort by time and never collide: {@code 20261122-101500-3fa9c2}. */
public final class DrillIds {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private DrillIds() {
    }

    public static String next(Clock clock) {
        byte[] suffix = new byte[3];
        RANDOM.nextBytes(suffix);
        return FORMAT.format(clock.instant()) + "-" + HexFormat.of().formatHex(suffix);
    }

    /** A source name safe for paths and resource names: lower-case letters, digits and dashes. */
    public static String sourceName(String raw) {
        String cleaned = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        return cleaned.isEmpty() ? "source" : cleaned.length() > 40 ? cleaned.substring(0, 40) : cleaned;
    }
}
