package dev.cage.protocol.message;

import dev.cage.protocol.Opcode;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * JOURNAL_BRANCH, admin: makes {@code to} a writable copy of the file or directory {@code from} as it was at an
 * instant (µs since the epoch), rebuilt from the journal; {@code from} is not changed. The node reports
 * {@link Progress} meanwhile. Answered by {@link JournalRollbackReply} (the changes it took).
 *
 * <pre>
 * +----------+-------------+----------+
 * | from     | instant     | to       |
 * | string   | int64       | string   |
 * +----------+-------------+----------+
 * </pre>
 */
public record JournalBranchRequest(String from, long atMicros, String to) implements Request {

    @Override
    public Opcode opcode() {
        return Opcode.JOURNAL_BRANCH;
    }

    @Override
    public void encode(ByteBuf out) {
        Wire.writeString(out, from);
        out.writeLong(atMicros);
        Wire.writeString(out, to);
    }

    public static JournalBranchRequest decode(ByteBuf in) throws ProtocolException {
        String from = Wire.readString(in);
        long at = Wire.readLong(in);
        String to = Wire.readString(in);
        Wire.end(in);
        return new JournalBranchRequest(from, at, to);
    }
}
