package io.restoredrill.local.physical;

import io.restoredrill.core.error.BackupUnreadableException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What recovery from a base backup would read from a WAL archive, worked out from the archive's file names
 * alone: every segment from the backup's start to the newest one archived, each on the newest timeline of
 * the chain that covers it (as PostgreSQL's recovery with {@code recovery_target_timeline = 'latest'} looks
 * for it), and which of them are missing. A missing segment is a gap: replaying to the end of the archive,
 * PostgreSQL 15 stops at a gap as it would at the archive's end and promotes without a word, so only this
 * listing can tell a gap from an end.
 */
public final class WalArchive {

    private static final Pattern HISTORY = Pattern.compile("([0-9A-F]{8})\\.history(\\.(gz|zst|lz4|bz2|xz))?");

    private WalArchive() {
    }

    /** One timeline of the chain recovery follows, from the segment it begins in. */
    public record Timeline(int id, long firstSegment) {
    }

    /**
     * @param chain   the timelines recovery follows, oldest first
     * @param first   the backup's first segment, on its start timeline
     * @param last    the newest segment the archive holds on the chain ({@code empty}: not even the first)
     * @param missing the segments between {@code first} and {@code last} that no timeline of the chain holds
     */
    public record Analysis(List<Timeline> chain, WalSegment first, Optional<WalSegment> last, List<WalSegment> missing) {

        public boolean hasGap() {
            return !missing.isEmpty();
        }
    }

    /**
     * @param names     the archive's file names (a directory listing, or pgBackRest's repo-ls of the archive id)
     * @param histories reads a timeline history file of the archive by its name
     */
    public static Analysis analyse(Collection<String> names, BackupLabel label, long segmentBytes,
                                   Function<String, Optional<String>> histories) {
        List<Timeline> chain = chain(names, label, segmentBytes, histories);
        Set<WalSegment> held = new HashSet<>();
        for (String name : names) {
            WalSegment.ofFileName(name, segmentBytes).ifPresent(held::add);
        }
        WalSegment first = WalSegment.of(label.startTimeline(), label.startWal(), segmentBytes);
        TreeSet<Long> present = new TreeSet<>();
        for (WalSegment segment : held) {
            if (segment.number() >= first.number() && onChain(chain, segment)) {
                present.add(segment.number());
            }
        }
        if (present.isEmpty()) {
            return new Analysis(chain, first, Optional.empty(), List.of(first));
        }
        List<WalSegment> missing = new ArrayList<>();
        WalSegment last = null;
        int current = first.timeline();
        for (long number = first.number(); number <= present.last(); number++) {
            WalSegment found = find(chain, held, number, current, segmentBytes);
            if (found == null) {
                missing.add(new WalSegment(newestCovering(chain, number).id(), number, segmentBytes));
            } else {
                last = found;
                current = found.timeline();
            }
        }
        return new Analysis(chain, first, Optional.ofNullable(last), List.copyOf(missing));
    }

    /** The timelines from the backup's to the newest whose history descends from it, oldest first. */
    static List<Timeline> chain(Collection<String> names, BackupLabel label, long segmentBytes,
                                Function<String, Optional<String>> histories) {
        List<Timeline> best = List.of(new Timeline(label.startTimeline(), 0));
        for (String name : names) {
            Matcher m = HISTORY.matcher(name);
            if (!m.matches()) {
                continue;
            }
            int id = Integer.parseUnsignedInt(m.group(1), 16);
            if (id <= best.get(best.size() - 1).id()) {
                continue;
            }
            String text = histories.apply(name).orElseThrow(() -> new BackupUnreadableException(
                    "The WAL archive lists " + name + " but it cannot be read."));
            List<Timeline> chain = fromHistory(id, text, segmentBytes);
            if (chain.stream().anyMatch(t -> t.id() == label.startTimeline())) {
                best = chain.subList(indexOf(chain, label.startTimeline()), chain.size());
            }
        }
        return List.copyOf(best);
    }

    /** A history file's lines, {@code parent<TAB>switch LSN<TAB>reason}: each ancestor and where the next one began. */
    static List<Timeline> fromHistory(int id, String text, long segmentBytes) {
        List<Timeline> chain = new ArrayList<>();
        long begins = 0;
        for (String line : text.split("\\R")) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] fields = trimmed.split("\\s+");
            if (fields.length < 2) {
                throw new BackupUnreadableException("Timeline history line '" + cut(trimmed) + "' has no switch point.");
            }
            chain.add(new Timeline(Integer.parseInt(fields[0]), begins));
            begins = Lsn.parse(fields[1]).segment(segmentBytes);
        }
        chain.add(new Timeline(id, begins));
        return chain;
    }

    /**
     * As PostgreSQL's XLogFileReadAnyTLI: the newest timeline covering the segment first, then older ones, but never
     * one older than the timeline recovery last read from.
     */
    private static WalSegment find(List<Timeline> chain, Set<WalSegment> held, long number, int current, long segmentBytes) {
        for (int i = chain.size() - 1; i >= 0; i--) {
            Timeline timeline = chain.get(i);
            if (timeline.id() < current) {
                break;
            }
            WalSegment candidate = new WalSegment(timeline.id(), number, segmentBytes);
            if (timeline.firstSegment() <= number && held.contains(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean onChain(List<Timeline> chain, WalSegment segment) {
        return chain.stream().anyMatch(t -> t.id() == segment.timeline() && t.firstSegment() <= segment.number());
    }

    private static Timeline newestCovering(List<Timeline> chain, long number) {
        for (int i = chain.size() - 1; i >= 0; i--) {
            if (chain.get(i).firstSegment() <= number) {
                return chain.get(i);
            }
        }
        return chain.get(0);
    }

    private static int indexOf(List<Timeline> chain, int id) {
        for (int i = 0; i < chain.size(); i++) {
            if (chain.get(i).id() == id) {
                return i;
            }
        }
        return 0;
    }

    private static String cut(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "…";
    }
}
