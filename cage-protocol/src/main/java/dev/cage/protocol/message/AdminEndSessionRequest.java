package dev.cage.protocol.message;

import dev.cage.protocol.Opcode;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * ADMIN_END_SESSION, admin: ends another live session. Its client is told why (status {@code SESSION_ENDED} with the
 * reason) before its connection closes, and its open channels are released. Reply: empty.
 *
 * <pre>
 * +------------+--------+
 * | session id | reason |
 * | int64      | string |
 * +------------+--------+
 * </pre>
 */
public record AdminEndSessionRequest(long sessionId, String reason) implements Request {

    @Override
    public Opcode opcode() {
        return Opcode.ADMIN_END_SESSION;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeLong(sessionId);
        Wire.writeString(out, reason);
    }

    public static AdminEndSessionRequest decode(ByteBuf in) throws ProtocolException {
        long id = Wire.readLong(in);
        String reason = Wire.readString(in);
        Wire.end(in);
        return new AdminEndSessionRequest(id, reason);
    }
}
