package dev.cage.protocol.message;

import dev.cage.protocol.Opcode;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * AUTH_START, main port: the first step of the SCRAM exchange. Answered by {@link AuthStartReply}.
 *
 * <pre>
 * +----------+-------------------+
 * | user     | client nonce      |
 * | string   | bytes (max 256)   |
 * +----------+-------------------+
 * </pre>
 */
public record AuthStartRequest(String user, byte[] clientNonce) implements Request {
    /** The longest nonce, salt, proof or signature either end accepts. */
    public static final int MAX_NONCE = 256;

    @Override
    public Opcode opcode() {
        return Opcode.AUTH_START;
    }

    @Override
    public void encode(ByteBuf out) {
        Wire.writeString(out, user);
        Wire.writeBytes(out, clientNonce);
    }

    public static AuthStartRequest decode(ByteBuf in) throws ProtocolException {
        String user = Wire.readString(in);
        byte[] nonce = Wire.readBytes(in, MAX_NONCE);
        Wire.end(in);
        return new AuthStartRequest(user, nonce);
    }
}
