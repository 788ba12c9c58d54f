package io.restoredrill.local.physical;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One WAL segment file's name, {@code TTTTTTTTXXXXXXXXYYYYYYYY}: the timeline, then the segment number split
 * into a "log id" and the segment within it, as PostgreSQL names them for segments of {@code segmentBytes}
 * (16 MB unless initdb was told otherwise: 2^32 / 16 MB = 256 segments per log id).
 */
public record WalSegment(int timeline, long number, long segmentBytes) implements Comparable<WalSegment> {

    /** A segment's name, with the suffixes an archive adds (a compression, or {@code .partial} of a timeline's end). */
    private static final Pattern NAME = Pattern.compile("([0-9A-F]{8})([0-9A-F]{8})([0-9A-F]{8})(\\.partial)?(\\.(gz|zst|lz4|bz2|xz))?");

    public static WalSegment of(int timeline, Lsn lsn, long segmentBytes) {
        return new WalSegment(timeline, lsn.segment(segmentBytes), segmentBytes);
    }

    /** The segment a file of the archive holds, if its name is a whole segment's (not a .partial, .backup or .history). */
    public static Optional<WalSegment> ofFileName(String fileName, long segmentBytes) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches() || m.group(4) != null) {
            return Optional.empty();
        }
        long perLogId = perLogId(segmentBytes);
        long logId = Long.parseLong(m.group(2), 16);
        long inLogId = Long.parseLong(m.group(3), 16);
        if (inLogId >= perLogId) {
            return Optional.empty();
        }
        return Optional.of(new WalSegment(Integer.parseUnsignedInt(m.group(1), 16), logId * perLogId + inLogId, segmentBytes));
    }

    public String fileName() {
        long perLogId = perLogId(segmentBytes);
        return String.format("%08X%08X%08X", timeline, number / perLogId, number % perLogId);
    }

    public WalSegment onTimeline(int other) {
        return new WalSegment(other, number, segmentBytes);
    }

    public WalSegment next() {
        return new WalSegment(timeline, number + 1, segmentBytes);
    }

    private static long perLogId(long segmentBytes) {
        return 0x1_0000_0000L / segmentBytes;
    }

    @Override
    public int compareTo(WalSegment other) {
        int byNumber = Long.compare(number, other.number);
        return byNumber != 0 ? byNumber : Integer.compare(timeline, other.timeline);
    }

    @Override
    public String toString() {
        return fileName();
    }
}
