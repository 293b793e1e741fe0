package dev.cage.protocol.message;

import dev.cage.protocol.Opcode;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * ADMIN_SESSIONS, admin: a page of the node's live sessions, in session id order, after a session id (0 for the first
 * page). Answered by {@link AdminSessionsReply}.
 *
 * <pre>
 * +--------------------+
 * | after session id   |
 * | int64              |
 * +--------------------+
 * </pre>
 */
public record AdminSessionsRequest(long afterSessionId) implements Request {

    @Override
    public Opcode opcode() {
        return Opcode.ADMIN_SESSIONS;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeLong(afterSessionId);
    }

    public static AdminSessionsRequest decode(ByteBuf in) throws ProtocolException {
        long after = Wire.readLong(in);
        Wire.end(in);
        return new AdminSessionsRequest(after);
    }
}
