package dev.cage.protocol.message;

import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * The reply to {@link OpenRequest}. The file id is stable across renames and restarts: it names the file, not the
 * path.
 *
 * <pre>
 * +-----------+-----------+-----------+-----------+
 * | handle    | size      | version   | file id   |
 * | int64     | int64     | int64     | int64     |
 * +-----------+-----------+-----------+-----------+
 * </pre>
 */
public record OpenReply(long handle, long size, long version, long fileId) implements Message {

    @Override
    public void encode(ByteBuf out) {
        out.writeLong(handle).writeLong(size).writeLong(version).writeLong(fileId);
    }

    public static OpenReply decode(ByteBuf in) throws ProtocolException {
        long handle = Wire.readLong(in);
        long size = Wire.readLong(in);
        long version = Wire.readLong(in);
        long fileId = Wire.readLong(in);
        Wire.end(in);
        return new OpenReply(handle, size, version, fileId);
    }
}
