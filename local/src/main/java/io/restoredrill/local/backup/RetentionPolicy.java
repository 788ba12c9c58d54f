package io.restoredrill.local.backup;

import io.restoredrill.core.error.InvalidInputException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Which backups of a database to keep, by tiers as {@code borg prune} and {@code restic forget} keep them: the newest
 * backup of each of the last {@code daily} days that have one, of the last {@code weekly} ISO weeks, {@code monthly}
 * months and {@code yearly} years (UTC). A backup kept by any tier stays; the newest always stays.
 */
public record RetentionPolicy(int daily, int weekly, int monthly, int yearly) {

    public static final RetentionPolicy NONE = new RetentionPolicy(0, 0, 0, 0);

    public RetentionPolicy {
        if (daily < 0 || weekly < 0 || monthly < 0 || yearly < 0) {
            throw new InvalidInputException("--keep-daily, --keep-weekly, --keep-monthly and --keep-yearly count backups"
                    + " to keep and cannot be negative.");
        }
    }

    /** Whether any tier is set: without one, nothing is pruned. */
    public boolean prunes() {
        return daily + weekly + monthly + yearly > 0;
    }

    /** One backup's time, with whatever identifies it. */
    public record Dated<T>(T item, Instant takenAt) {
    }

    /** The backups this policy keeps, newest first; every other one is to be deleted. */
    public <T> List<T> keep(List<Dated<T>> backups) {
        List<Dated<T>> newestFirst = backups.stream().sorted(Comparator.comparing((Dated<T> d) -> d.takenAt()).reversed())
                .toList();
        Set<Dated<T>> kept = new LinkedHashSet<>();
        if (!newestFirst.isEmpty()) {
            kept.add(newestFirst.get(0));
        }
        tier(newestFirst, daily, t -> t.toLocalDate().toString(), kept);
        tier(newestFirst, weekly, t -> t.get(IsoFields.WEEK_BASED_YEAR) + "-W" + t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), kept);
        tier(newestFirst, monthly, t -> t.getYear() + "-" + t.getMonthValue(), kept);
        tier(newestFirst, yearly, t -> Integer.toString(t.getYear()), kept);
        List<T> result = new ArrayList<>();
        newestFirst.stream().filter(kept::contains).forEach(d -> result.add(d.item()));
        return result;
    }

    private static <T> void tier(List<Dated<T>> newestFirst, int count, Function<ZonedDateTime, String> period,
                                 Set<Dated<T>> kept) {
        Set<String> periods = new LinkedHashSet<>();
        for (Dated<T> backup : newestFirst) {
            if (periods.size() >= count) {
                return;
            }
            if (periods.add(period.apply(backup.takenAt().atZone(ZoneOffset.UTC)))) {
                kept.add(backup);
            }
        }
    }

    @Override
    public String toString() {
        return "daily " + daily + ", weekly " + weekly + ", monthly " + monthly + ", yearly " + yearly;
    }
}
