package dev.cage.protocol.message;

import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * The reply to {@link WriteRequest}.
 *
 * <pre>
 * +-----------+-----------+
 * | new size  | version   |
 * | int64     | int64     |
 * +-----------+-----------+
 * </pre>
 */
public record WriteReply(long size, long version) implements Message {

    @Override
    public void encode(ByteBuf out) {
        out.writeLong(size).writeLong(version);
    }

    public static WriteReply decode(ByteBuf in) throws ProtocolException {
        long size = Wire.readLong(in);
        long version = Wire.readLong(in);
        Wire.end(in);
        return new WriteReply(size, version);
    }
}
