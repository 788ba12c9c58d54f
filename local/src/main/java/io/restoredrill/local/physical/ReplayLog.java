package io.restoredrill.local.physical;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What PostgreSQL's server log says of one archive recovery (PostgreSQL 15's messages, logged in UTC): where redo
 * ended, the last transaction it replayed, the commit it stopped before, the timeline it promoted onto, and why it
 * failed if it did.
 *
 * @param redoDoneAt       {@code redo done at X/X}
 * @param lastTransaction  {@code last completed transaction was at log time …}: the newest commit in the copy
 * @param stoppedBefore    {@code recovery stopping before commit of transaction N, time …}: the first commit left out
 * @param newTimeline      {@code selected new timeline ID: N}
 * @param fatal            the first FATAL or PANIC message, without its prefix
 */
public record ReplayLog(Optional<Lsn> redoDoneAt, Optional<Instant> lastTransaction, Optional<Instant> stoppedBefore,
                        Optional<Integer> newTimeline, Optional<String> fatal) {

    private static final String TIME = "(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?)([+-]\\d\\d)(?::?(\\d\\d))?";
    private static final Pattern REDO_DONE = Pattern.compile("redo done at ([0-9A-F]+/[0-9A-F]+)");
    private static final Pattern LAST_TRANSACTION = Pattern.compile("last completed transaction was at log time " + TIME);
    private static final Pattern STOPPING = Pattern.compile("recovery stopping before (?:commit|abort) of transaction \\d+, time " + TIME);
    private static final Pattern TIMELINE = Pattern.compile("selected new timeline ID: (\\d+)");
    private static final Pattern FATAL = Pattern.compile("(?:FATAL|PANIC):\\s+(.*)");

    public static ReplayLog parse(String log) {
        Optional<Lsn> redo = Optional.empty();
        Optional<Instant> last = Optional.empty();
        Optional<Instant> stopped = Optional.empty();
        Optional<Integer> timeline = Optional.empty();
        Optional<String> fatal = Optional.empty();
        for (String line : log.split("\\R")) {
            Matcher m;
            if ((m = REDO_DONE.matcher(line)).find()) {
                redo = Optional.of(Lsn.parse(m.group(1)));
            } else if ((m = LAST_TRANSACTION.matcher(line)).find()) {
                last = Optional.of(time(m));
            } else if ((m = STOPPING.matcher(line)).find()) {
                stopped = Optional.of(time(m));
            } else if ((m = TIMELINE.matcher(line)).find()) {
                timeline = Optional.of(Integer.parseInt(m.group(1)));
            } else if (fatal.isEmpty() && (m = FATAL.matcher(line)).find()) {
                fatal = Optional.of(m.group(1).strip());
            }
        }
        return new ReplayLog(redo, last, stopped, timeline, fatal);
    }

    public boolean endedBeforeTarget() {
        return fatal.filter(f -> f.startsWith("recovery ended before configured recovery target was reached")).isPresent();
    }

    private static Instant time(Matcher m) {
        String offset = m.group(2) + ":" + (m.group(3) == null ? "00" : m.group(3));
        return OffsetDateTime.parse(m.group(1).replace(' ', 'T') + offset).toInstant();
    }
}
