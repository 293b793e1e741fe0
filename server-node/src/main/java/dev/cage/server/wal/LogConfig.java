package dev.cage.server.wal;

/**
 * How a {@link SegmentLog} lays out its segments.
 *
 * <p>A segment is rolled when the next record would take it past {@code segmentSize}. A record bigger than that (up
 * to {@code maxRecordSize}) is not split: it is written alone at the start of a fresh segment, so that segment is
 * bigger than {@code segmentSize}. A record above {@code maxRecordSize} is refused.
 *
 * <p>With {@code preallocate}, the file of the next segment is written full of zeros and forced in the background
 * once the active segment is half full (see {@link SpareSegment}), so records overwrite blocks the file system has
 * already allocated and a force writes data only, not the file's size and extents as well.
 *
 * @param segmentSize   the size at which segments are rolled, in bytes
 * @param maxRecordSize the largest payload accepted, in bytes (the hard maximum)
 * @param preallocate   whether segments are prepared ahead, zero-filled
 */
public record LogConfig(long segmentSize, int maxRecordSize, boolean preallocate) {
    /** 64 MiB. */
    public static final long DEFAULT_SEGMENT_SIZE = 64L << 20;
    /** 256 MiB. */
    public static final int DEFAULT_MAX_RECORD_SIZE = 256 << 20;
    /** Offsets must fit the 32 bits of a {@link LogPosition}'s long form, with room for one oversized record. */
    static final long LIMIT = 1L << 30;

    /**
     * @throws IllegalArgumentException if a size is not positive or above 1 GiB
     */
    public LogConfig {
        if (segmentSize < RecordCodec.HEADER_SIZE || segmentSize > LIMIT) {
            throw new IllegalArgumentException("segment size must be within " + RecordCodec.HEADER_SIZE + ".." + LIMIT
                + " bytes: " + segmentSize);
        }
        if (maxRecordSize < 0 || maxRecordSize > LIMIT) {
            throw new IllegalArgumentException("maximum record size must be within 0.." + LIMIT + " bytes: "
                + maxRecordSize);
        }
    }

    /** 64 MiB segments, records up to 256 MiB, preallocated. */
    public static LogConfig defaults() {
        return new LogConfig(DEFAULT_SEGMENT_SIZE, DEFAULT_MAX_RECORD_SIZE, true);
    }

    /**
     * This configuration with another segment size.
     *
     * @throws IllegalArgumentException as the constructor does
     */
    public LogConfig withSegmentSize(long size) {
        return new LogConfig(size, maxRecordSize, preallocate);
    }

    /**
     * This configuration with another hard maximum for payloads.
     *
     * @throws IllegalArgumentException as the constructor does
     */
    public LogConfig withMaxRecordSize(int size) {
        return new LogConfig(segmentSize, size, preallocate);
    }

    /** This configuration with segments preallocated or not. */
    public LogConfig withPreallocation(boolean on) {
        return new LogConfig(segmentSize, maxRecordSize, on);
    }
}
