package dev.cage.server.wal;

/** Receives records in log order from {@link SegmentLog#scan}. */
@FunctionalInterface
public interface RecordVisitor {
    /**
     * @param record the next record, checksum verified
     * @return whether to go on to the next record
     */
    boolean visit(LogRecord record);
}
