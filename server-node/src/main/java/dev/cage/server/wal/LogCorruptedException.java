package dev.cage.server.wal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A segment holds damage that is not a torn tail: a record that fails its checksum or is cut short with valid records
 * after it (so a record that may have been acknowledged is damaged), or a record asked for that is not there. The
 * message names the segment file and the byte offset.
 */
public class LogCorruptedException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Path segment;
    private final long offset;

    /**
     * @param segment the segment file
     * @param offset  the byte offset of the damaged record inside it
     * @param detail  what is wrong
     */
    public LogCorruptedException(Path segment, long offset, String detail) {
        super("write-ahead log segment " + segment.getFileName() + " damaged at offset " + offset + ": " + detail
            + " (" + segment + ")");
        this.segment = segment;
        this.offset = offset;
    }

    /** The damaged segment's file. */
    public Path segment() {
        return segment;
    }

    /** The byte offset of the damage inside the segment. */
    public long offset() {
        return offset;
    }
}
