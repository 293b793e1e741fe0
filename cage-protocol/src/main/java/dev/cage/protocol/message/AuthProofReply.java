package dev.cage.protocol.message;

import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * The reply to {@link AuthProofRequest}: the node's SCRAM signature and the new session.
 *
 * <pre>
 * +-------------------+----------+-------------+--------------+-------------------+
 * | server signature  | token    | data port   | session id   | idle timeout ms   |
 * | bytes (max 256)   | string   | uint16      | int64        | int64             |
 * +-------------------+----------+-------------+--------------+-------------------+
 * </pre>
 */
public record AuthProofReply(byte[] serverSignature, String token, int dataPort, long sessionId, long idleTimeoutMillis)
    implements Message {

    @Override
    public void encode(ByteBuf out) {
        Wire.writeBytes(out, serverSignature);
        Wire.writeString(out, token);
        out.writeShort(dataPort).writeLong(sessionId).writeLong(idleTimeoutMillis);
    }

    public static AuthProofReply decode(ByteBuf in) throws ProtocolException {
        byte[] signature = Wire.readBytes(in, AuthStartRequest.MAX_NONCE);
        String token = Wire.readString(in);
        int dataPort = Wire.readUnsignedShort(in);
        long session = Wire.readLong(in);
        long idle = Wire.readLong(in);
        Wire.end(in);
        return new AuthProofReply(signature, token, dataPort, session, idle);
    }
}
