package io.restoredrill.local.files;

/** Byte counts for people: {@code 812 B}, {@code 4.2 MB}, {@code 1.3 GB}. */
public final class Bytes {

    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB"};

    private Bytes() {
    }

    public static String format(long bytes) {
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < UNITS.length - 1) {
            value /= 1000;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format("%.1f %s", value, UNITS[unit]);
    }
}
