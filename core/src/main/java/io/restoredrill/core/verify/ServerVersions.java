package io.restoredrill.core.verify;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The restored server's version against the source's. The major version must match: a backup restored into
 * another major is an upgrade, not the database production would get back (catalogs, planner, extensions and
 * defaults differ). A different minor is reported and passes; an unknown source version is said, not assumed.
 */
public final class ServerVersions {

    /** {@code 15.18 (Debian 15.18-0+deb12u1)}, {@code 16.4}, {@code 9.6.24}: majors 15, 16 and 9.6. */
    private static final Pattern VERSION = Pattern.compile("^\\s*(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?");

    private ServerVersions() {
    }

    /** The major version: the first number from PostgreSQL 10 on, the first two before. Null when unreadable. */
    public static String major(String version) {
        if (version == null) {
            return null;
        }
        Matcher matcher = VERSION.matcher(version);
        if (!matcher.find()) {
            return null;
        }
        int first = Integer.parseInt(matcher.group(1));
        return first >= 10 || matcher.group(2) == null ? matcher.group(1) : matcher.group(1) + "." + matcher.group(2);
    }

    /** The server version check: restored against source. */
    static CheckResult check(String restored, String source, Duration took) {
        String restoredMajor = major(restored);
        String sourceMajor = major(source);
        if (sourceMajor == null) {
            return result(CheckStatus.PASSED, restored, null, took, "PostgreSQL " + restored + " answered; the source's"
                    + " version is not known here, so it was not compared.");
        }
        if (!sourceMajor.equals(restoredMajor)) {
            return result(CheckStatus.FAILED, restored, "major " + sourceMajor, took, "The copy was restored on PostgreSQL "
                    + restored + ", but the source runs " + source + ": another major version is an upgrade, not the"
                    + " database the source would get back; restore with PostgreSQL " + sourceMajor + " tools and server.");
        }
        String restoredNumber = number(restored);
        String sourceNumber = number(source);
        return result(CheckStatus.PASSED, restored, "major " + sourceMajor, took, restoredNumber.equals(sourceNumber)
                ? "PostgreSQL " + restored + " answered, the source's version."
                : "PostgreSQL " + restored + " answered; the source runs " + sourceNumber + " (same major, another minor"
                        + " release).");
    }

    private static String number(String version) {
        Matcher matcher = VERSION.matcher(version);
        return matcher.find() ? matcher.group().strip() : version;
    }

    private static CheckResult result(CheckStatus status, String measured, String expected, Duration took, String detail) {
        return new CheckResult("server version", CheckKind.SERVER_VERSION, status, measured, expected, took, detail);
    }
}
