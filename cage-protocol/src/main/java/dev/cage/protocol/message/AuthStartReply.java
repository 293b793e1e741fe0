package dev.cage.protocol.message;

import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * The reply to {@link AuthStartRequest}: the SCRAM challenge.
 *
 * <pre>
 * +-------------------+--------------+-------------------+
 * | salt              | iterations   | server nonce      |
 * | bytes (max 256)   | int32        | bytes (max 256)   |
 * +-------------------+--------------+-------------------+
 * </pre>
 */
public record AuthStartReply(byte[] salt, int iterations, byte[] serverNonce) implements Message {

    @Override
    public void encode(ByteBuf out) {
        Wire.writeBytes(out, salt);
        out.writeInt(iterations);
        Wire.writeBytes(out, serverNonce);
    }

    public static AuthStartReply decode(ByteBuf in) throws ProtocolException {
        byte[] salt = Wire.readBytes(in, AuthStartRequest.MAX_NONCE);
        int iterations = Wire.readInt(in);
        byte[] nonce = Wire.readBytes(in, AuthStartRequest.MAX_NONCE);
        Wire.end(in);
        return new AuthStartReply(salt, iterations, nonce);
    }
}
