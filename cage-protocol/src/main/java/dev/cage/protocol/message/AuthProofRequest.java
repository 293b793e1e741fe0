package dev.cage.protocol.message;

import dev.cage.protocol.Opcode;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * AUTH_PROOF, main port: the client's SCRAM proof. Answered by {@link AuthProofReply}.
 *
 * <pre>
 * +-------------------+
 * | client proof      |
 * | bytes (max 256)   |
 * +-------------------+
 * </pre>
 */
public record AuthProofRequest(byte[] clientProof) implements Request {

    @Override
    public Opcode opcode() {
        return Opcode.AUTH_PROOF;
    }

    @Override
    public void encode(ByteBuf out) {
        Wire.writeBytes(out, clientProof);
    }

    public static AuthProofRequest decode(ByteBuf in) throws ProtocolException {
        byte[] proof = Wire.readBytes(in, AuthStartRequest.MAX_NONCE);
        Wire.end(in);
        return new AuthProofRequest(proof);
    }
}
