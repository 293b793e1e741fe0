package dev.cage.protocol.message;

import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * The reply to {@link JournalRollbackRequest}: how many undo steps the node took.
 *
 * <pre>
 * +--------------+
 * | steps        |
 * | int32        |
 * +--------------+
 * </pre>
 */
public record JournalRollbackReply(int steps) implements Message {

    @Override
    public void encode(ByteBuf out) {
        out.writeInt(steps);
    }

    public static JournalRollbackReply decode(ByteBuf in) throws ProtocolException {
        int steps = Wire.readInt(in);
        Wire.end(in);
        return new JournalRollbackReply(steps);
    }
}
