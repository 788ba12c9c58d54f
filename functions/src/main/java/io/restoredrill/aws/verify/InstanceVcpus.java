package io.restoredrill.aws.verify;

import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The vCPUs of an RDS instance class, read from its size as AWS names them: {@code micro}, {@code small},
 * {@code medium} and {@code large} have 2, {@code xlarge} 4, and {@code Nxlarge} 4N (db.r6g.2xlarge: 8). Verify opens
 * one connection per vCPU of the restored server: its scans are CPU-bound there, not in the function.
 */
final class InstanceVcpus {

    private static final Pattern SIZE = Pattern.compile("db\\.[a-z0-9-]+\\.(?:(\\d+)?xlarge|large|medium|small|micro)");
    /** More connections than this do not make one verification faster; they only crowd the server. */
    static final int MOST = 32;

    private InstanceVcpus() {
    }

    /** The class's vCPUs, or empty for a size not named this way ({@code db.serverless}, {@code metal}). */
    static OptionalInt of(String instanceClass) {
        if (instanceClass == null) {
            return OptionalInt.empty();
        }
        Matcher matcher = SIZE.matcher(instanceClass.toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            return OptionalInt.empty();
        }
        if (!matcher.group(0).endsWith("xlarge")) {
            return OptionalInt.of(2);
        }
        int times = matcher.group(1) == null ? 1 : Integer.parseInt(matcher.group(1));
        return OptionalInt.of(Math.min(MOST, 4 * times));
    }
}
