package dev.cage.protocol.message;

import dev.cage.protocol.Opcode;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * JOURNAL_ROLLBACK, admin: rolls a file (or a directory and all under it) back to an instant (µs since the epoch).
 * The node reports {@link Progress} meanwhile. Answered by {@link JournalRollbackReply}.
 *
 * <pre>
 * +----------+-----------------+-------------+
 * | path     | subtree (0/1)   | instant     |
 * | string   | uint8           | int64       |
 * +----------+-----------------+-------------+
 * </pre>
 */
public record JournalRollbackRequest(String path, boolean subtree, long toMicros) implements Request {

    @Override
    public Opcode opcode() {
        return Opcode.JOURNAL_ROLLBACK;
    }

    @Override
    public void encode(ByteBuf out) {
        Wire.writeString(out, path);
        out.writeByte(subtree ? 1 : 0);
        out.writeLong(toMicros);
    }

    public static JournalRollbackRequest decode(ByteBuf in) throws ProtocolException {
        String path = Wire.readString(in);
        boolean subtree = Wire.readUnsignedByte(in) != 0;
        long to = Wire.readLong(in);
        Wire.end(in);
        return new JournalRollbackRequest(path, subtree, to);
    }
}
