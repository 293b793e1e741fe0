package dev.cage.server.wal;

/**
 * Counters of a {@link SegmentLog} since it was opened.
 *
 * @param records records written
 * @param bytes   bytes written, headers included
 * @param forces  forced writes (fsyncs of segment data), including the one that seals a segment when it is rolled;
 *                {@code forces / records} is the forced writes per acknowledged record
 * @param preallocatedSegments segments begun in a file prepared ahead, zero-filled (see {@link LogConfig#preallocate()})
 */
public record LogStats(long records, long bytes, long forces, long preallocatedSegments) {
    /** These counts and {@code other}'s together. */
    public LogStats plus(LogStats other) {
        return new LogStats(records + other.records, bytes + other.bytes, forces + other.forces,
            preallocatedSegments + other.preallocatedSegments);
    }
}
