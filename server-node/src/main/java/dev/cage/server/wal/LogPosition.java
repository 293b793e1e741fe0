package dev.cage.server.wal;

/**
 * Where a record starts in a {@link SegmentLog}: the number of its segment and its byte offset inside that segment's
 * file. Positions order as the records were appended. The compact {@link #toLong() long form} keeps the segment in
 * the high 32 bits and the offset in the low 32, so comparing two long forms orders them the same way.
 *
 * @param segment the segment number, {@code 0 <= segment <= Integer.MAX_VALUE} (segment files are numbered from 1)
 * @param offset  the byte offset inside the segment, {@code 0 <= offset < 2^32}
 */
public record LogPosition(long segment, long offset) implements Comparable<LogPosition> {
    /** Before every record of every log. */
    public static final LogPosition ZERO = new LogPosition(0, 0);

    private static final long MAX_SEGMENT = Integer.MAX_VALUE;
    private static final long MAX_OFFSET = 0xFFFF_FFFFL;

    /**
     * @throws IllegalArgumentException if the segment or the offset is negative or too large for the long form
     */
    public LogPosition {
        if (segment < 0 || segment > MAX_SEGMENT) {
            throw new IllegalArgumentException("segment number must be within 0.." + MAX_SEGMENT + ": " + segment);
        }
        if (offset < 0 || offset > MAX_OFFSET) {
            throw new IllegalArgumentException("segment offset must be within 0.." + MAX_OFFSET + ": " + offset);
        }
    }

    /**
     * The position whose {@link #toLong() long form} is {@code packed}.
     *
     * @throws IllegalArgumentException if {@code packed} is negative
     */
    public static LogPosition fromLong(long packed) {
        if (packed < 0) {
            throw new IllegalArgumentException("not a log position: " + packed);
        }
        return new LogPosition(packed >>> 32, packed & MAX_OFFSET);
    }

    /** Segment in the high 32 bits, offset in the low 32; never negative, ordered as the positions are. */
    public long toLong() {
        return segment << 32 | offset;
    }

    @Override
    public int compareTo(LogPosition other) {
        return Long.compare(toLong(), other.toLong());
    }

    @Override
    public String toString() {
        return segment + ":" + offset;
    }
}
