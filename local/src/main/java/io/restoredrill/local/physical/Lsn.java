package io.restoredrill.local.physical;

import io.restoredrill.core.error.BackupUnreadableException;

/** A WAL location as PostgreSQL prints it ({@code 0/2000028}): the high and low 32 bits, in hexadecimal. */
public record Lsn(long value) implements Comparable<Lsn> {

    public static Lsn parse(String text) {
        String[] parts = text.trim().split("/");
        if (parts.length != 2) {
            throw new BackupUnreadableException("'" + text + "' is not a WAL location such as 0/2000028.");
        }
        try {
            return new Lsn((Long.parseLong(parts[0], 16) << 32) | Long.parseLong(parts[1], 16));
        } catch (NumberFormatException e) {
            throw new BackupUnreadableException("'" + text + "' is not a WAL location such as 0/2000028.", e);
        }
    }

    /** The number of the segment this location lies in, for segments of {@code segmentBytes}. */
    public long segment(long segmentBytes) {
        return Long.divideUnsigned(value, segmentBytes);
    }

    @Override
    public int compareTo(Lsn other) {
        return Long.compareUnsigned(value, other.value);
    }

    @Override
    public String toString() {
        return Long.toHexString(value >>> 32).toUpperCase() + "/" + Long.toHexString(value & 0xFFFFFFFFL).toUpperCase();
    }
}
