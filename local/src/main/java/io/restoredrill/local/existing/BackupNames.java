package io.restoredrill.local.existing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.DateTimeException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a backup's name says: the database it is of and when it was taken. The conventions of nightly
 * jobs are read: {@code shop-2026-12-05T02:00:00Z.dump.age}, {@code shop_20261205_020000.sql.gz},
 * {@code shop/2026-12-05.dump}, {@code 2026-12-05/shop.backup}. A time without a zone is UTC. drill backup's own
 * names ({@link BackupLayout}) are read exactly, whatever the database is called.
 */
public final class BackupNames {

    private static final Pattern TIMESTAMP = Pattern.compile("(?<!\\d)(\\d{4})-?(\\d{2})-?(\\d{2})"
            + "(?:[T_ .-]?(\\d{2})[:.-]?(\\d{2})(?:[:.-]?(\\d{2}))?(?:[.,]\\d{1,9})?)?"
            + "(Z|[+-]\\d{2}:?\\d{2})?(?!\\d)");
    /** Extensions of dumps, compressions and encryptions, stripped from the end of a file name. */
    private static final List<String> EXTENSIONS = List.of(".age", ".gpg", ".pgp", ".asc", ".gz", ".gzip", ".zst",
            ".zstd", ".lz4", ".dump", ".pgdump", ".backup", ".custom", ".sql", ".tar", ".dir", ".bak", ".psql", ".pg");
    private static final String SEPARATORS = "-_.@+ ";

    private BackupNames() {
    }

    /** The time in the file name, else in the nearest parent directory's name that has one. */
    public static Optional<Instant> timestamp(String name) {
        Optional<BackupLayout.Parsed> ours = BackupLayout.parse(name);
        if (ours.isPresent()) {
            return Optional.of(ours.get().takenAt());
        }
        String[] segments = name.split("/");
        for (int i = segments.length - 1; i >= 0; i--) {
            Optional<Instant> found = timestampIn(i == segments.length - 1 ? stripExtensions(segments[i]) : segments[i]);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /**
     * The database a backup is of: the file name without extensions and timestamp, else the nearest parent
     * directory's name that is more than a date.
     *
     * @return the name, or empty when nothing in the path names a database
     */
    public static Optional<String> database(String name) {
        Optional<BackupLayout.Parsed> ours = BackupLayout.parse(name);
        if (ours.isPresent()) {
            return Optional.of(ours.get().database());
        }
        String[] segments = name.split("/");
        for (int i = segments.length - 1; i >= 0; i--) {
            String segment = i == segments.length - 1 ? stripExtensions(segments[i]) : segments[i];
            String withoutTime = trimSeparators(TIMESTAMP.matcher(segment).replaceAll(" "));
            if (!withoutTime.isEmpty() && !withoutTime.chars().allMatch(c -> Character.isDigit(c) || SEPARATORS.indexOf(c) >= 0)) {
                return Optional.of(withoutTime);
            }
        }
        return Optional.empty();
    }

    static String stripExtensions(String fileName) {
        String result = fileName;
        boolean stripped = true;
        while (stripped) {
            stripped = false;
            for (String extension : EXTENSIONS) {
                if (result.toLowerCase(Locale.ROOT).endsWith(extension) && result.length() > extension.length()) {
                    result = result.substring(0, result.length() - extension.length());
                    stripped = true;
                }
            }
        }
        return result;
    }

    private static Optional<Instant> timestampIn(String segment) {
        Matcher matcher = TIMESTAMP.matcher(segment);
        Optional<Instant> last = Optional.empty();
        while (matcher.find()) {
            Optional<Instant> parsed = parse(matcher);
            if (parsed.isPresent()) {
                last = parsed;
            }
        }
        return last;
    }

    private static Optional<Instant> parse(Matcher m) {
        try {
            LocalDate date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)));
            if (date.getYear() < 1990 || date.getYear() > 2200) {
                return Optional.empty();
            }
            LocalTime time = m.group(4) == null ? LocalTime.MIDNIGHT : LocalTime.of(Integer.parseInt(m.group(4)),
                    Integer.parseInt(m.group(5)), m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
            ZoneOffset offset = m.group(7) == null || m.group(7).equals("Z") ? ZoneOffset.UTC
                    : ZoneOffset.of(m.group(7).length() == 5 ? m.group(7).substring(0, 3) + ":" + m.group(7).substring(3)
                    : m.group(7));
            return Optional.of(LocalDateTime.of(date, time).toInstant(offset));
        } catch (DateTimeException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String trimSeparators(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && SEPARATORS.indexOf(value.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && SEPARATORS.indexOf(value.charAt(end - 1)) >= 0) {
            end--;
        }
        return value.substring(start, end);
    }
}
