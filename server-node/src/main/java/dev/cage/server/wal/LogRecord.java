package dev.cage.server.wal;

import java.nio.ByteBuffer;

/**
 * One record read back from a {@link SegmentLog}, its checksum verified.
 *
 * @param position where the record starts
 * @param type     the type byte its writer chose, {@code 0..255}
 * @param payload  its payload, read-only, from position 0 to its limit
 */
public record LogRecord(LogPosition position, int type, ByteBuffer payload) {
    /** Right after this record in its segment; scanning from here continues with the next record. */
    public LogPosition end() {
        return new LogPosition(position.segment(), position.offset() + RecordCodec.HEADER_SIZE + payload.remaining());
    }

    /** A copy of the payload. */
    public byte[] payloadBytes() {
        byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        return bytes;
    }
}
