package dev.cage.protocol.message;

import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * A range of a file whose bytes changed, and the file's version and size after the change: the body of
 * {@link InvalidateRequest} and the entries of {@link TxCommitReply}.
 *
 * <pre>
 * +-----------+-----------+-----------+---------------+-------------+
 * | file id   | offset    | length    | new version   | new size    |
 * | int64     | int64     | int64     | int64         | int64       |
 * +-----------+-----------+-----------+---------------+-------------+
 * </pre>
 */
public record ChangedRange(long fileId, long offset, long length, long version, long size) {
    public static final int BYTES = 5 * Long.BYTES;

    public void encode(ByteBuf out) {
        out.writeLong(fileId).writeLong(offset).writeLong(length).writeLong(version).writeLong(size);
    }

    /** Reads one range; the caller checks the end of the body. */
    public static ChangedRange decode(ByteBuf in) throws ProtocolException {
        Wire.need(in, BYTES);
        return new ChangedRange(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong());
    }
}
