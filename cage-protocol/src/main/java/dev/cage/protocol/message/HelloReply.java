package dev.cage.protocol.message;

import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * The reply to {@link HelloRequest}: the node's protocol version and the largest frame it accepts.
 *
 * <pre>
 * +-----------+------------------+
 * | version   | max frame size   |
 * | uint16    | int32            |
 * +-----------+------------------+
 * </pre>
 */
public record HelloReply(int version, int maxFrameSize) implements Message {

    @Override
    public void encode(ByteBuf out) {
        out.writeShort(version).writeInt(maxFrameSize);
    }

    public static HelloReply decode(ByteBuf in) throws ProtocolException {
        int version = Wire.readUnsignedShort(in);
        int max = Wire.readInt(in);
        Wire.end(in);
        return new HelloReply(version, max);
    }
}
