package dev.cage.protocol.message;

import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * The reply to {@link AttachRequest}.
 *
 * <pre>
 * +--------------+
 * | session id   |
 * | int64        |
 * +--------------+
 * </pre>
 */
public record AttachReply(long sessionId) implements Message {

    @Override
    public void encode(ByteBuf out) {
        out.writeLong(sessionId);
    }

    public static AttachReply decode(ByteBuf in) throws ProtocolException {
        long id = Wire.readLong(in);
        Wire.end(in);
        return new AttachReply(id);
    }
}
