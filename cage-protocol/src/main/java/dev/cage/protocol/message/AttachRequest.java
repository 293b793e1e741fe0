package dev.cage.protocol.message;

import dev.cage.protocol.Opcode;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Status;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * ATTACH, data port, right after HELLO: binds the connection to the session the token names. Answered by
 * {@link AttachReply}. {@code followerReads}: in a replicated group, this session reads at the member it logged in
 * to even when that member does not lead (it changes nothing there).
 *
 * <pre>
 * +----------+-------+
 * | token    | flags |
 * | string   | u8    |   flags bit 0: follower reads
 * +----------+-------+
 * </pre>
 */
public record AttachRequest(String token, boolean followerReads) implements Request {
    private static final int FOLLOWER_READS = 1;

    @Override
    public Opcode opcode() {
        return Opcode.ATTACH;
    }

    @Override
    public void encode(ByteBuf out) {
        Wire.writeString(out, token);
        out.writeByte(followerReads ? FOLLOWER_READS : 0);
    }

    public static AttachRequest decode(ByteBuf in) throws ProtocolException {
        String token = Wire.readString(in);
        int flags = Wire.readUnsignedByte(in);
        if ((flags & ~FOLLOWER_READS) != 0) {
            throw new ProtocolException(Status.MALFORMED_FRAME, "unknown ATTACH flags " + flags);
        }
        Wire.end(in);
        return new AttachRequest(token, flags == FOLLOWER_READS);
    }
}
