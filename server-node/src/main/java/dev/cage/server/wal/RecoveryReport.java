package dev.cage.server.wal;

import java.nio.file.Path;
import java.util.List;

/**
 * What opening a {@link SegmentLog} found at its tail and cut away.
 *
 * @param truncated the tails removed (at most one today: the last segment's), empty if the log was clean
 * @param end       where the next record goes
 */
public record RecoveryReport(List<TruncatedTail> truncated, LogPosition end) {
    public RecoveryReport {
        truncated = List.copyOf(truncated);
    }

    /** Whether nothing had to be cut. */
    public boolean clean() {
        return truncated.isEmpty();
    }

    /**
     * Bytes cut from the end of a segment: a record whose write was torn by the crash (never acknowledged, since
     * nothing valid follows it), or zeros left where writes had not landed.
     *
     * @param segment the segment file
     * @param offset  where the cut begins (the torn record's offset)
     * @param bytes   how many bytes were cut
     * @param reason  what was found there
     */
    public record TruncatedTail(Path segment, long offset, long bytes, String reason) {
    }
}
