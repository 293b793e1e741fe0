package dev.cage.protocol.message;

import dev.cage.protocol.Opcode;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * ATTACH, data port, right after HELLO: binds the connection to the session the token names. Answered by
 * {@link AttachReply}.
 *
 * <pre>
 * +----------+
 * | token    |
 * | string   |
 * +----------+
 * </pre>
 */
public record AttachRequest(String token) implements Request {

    @Override
    public Opcode opcode() {
        return Opcode.ATTACH;
    }

    @Override
    public void encode(ByteBuf out) {
        Wire.writeString(out, token);
    }

    public static AttachRequest decode(ByteBuf in) throws ProtocolException {
        String token = Wire.readString(in);
        Wire.end(in);
        return new AttachRequest(token);
    }
}
