package dev.cage.protocol.message;

import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * The reply to {@link TruncateRequest}: the file's version after it.
 *
 * <pre>
 * +-----------+
 * | version   |
 * | int64     |
 * +-----------+
 * </pre>
 */
public record TruncateReply(long version) implements Message {

    @Override
    public void encode(ByteBuf out) {
        out.writeLong(version);
    }

    public static TruncateReply decode(ByteBuf in) throws ProtocolException {
        long version = Wire.readLong(in);
        Wire.end(in);
        return new TruncateReply(version);
    }
}
