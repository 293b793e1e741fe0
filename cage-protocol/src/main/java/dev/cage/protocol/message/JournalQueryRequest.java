package dev.cage.protocol.message;

import dev.cage.protocol.Opcode;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * JOURNAL_QUERY, admin: a page of the journal entries about a path prefix ({@code ""} for all) journaled in
 * [from, to), after a sequence number. Times are µs since the epoch, UTC; Long.MIN_VALUE / Long.MAX_VALUE for open
 * ends. Answered by {@link JournalQueryReply}.
 *
 * <pre>
 * +---------------+-----------+-----------+-------------+-----------+--------------------+
 * | path prefix   | from      | to        | after seq   | limit     | with bytes (0/1)   |
 * | string        | int64     | int64     | int64       | int32     | uint8              |
 * +---------------+-----------+-----------+-------------+-----------+--------------------+
 * </pre>
 */
public record JournalQueryRequest(String pathPrefix, long fromMicros, long toMicros, long afterSeq, int limit,
                                  boolean withBytes) implements Request {

    @Override
    public Opcode opcode() {
        return Opcode.JOURNAL_QUERY;
    }

    @Override
    public void encode(ByteBuf out) {
        Wire.writeString(out, pathPrefix);
        out.writeLong(fromMicros).writeLong(toMicros).writeLong(afterSeq).writeInt(limit).writeByte(withBytes ? 1 : 0);
    }

    public static JournalQueryRequest decode(ByteBuf in) throws ProtocolException {
        String prefix = Wire.readString(in);
        long from = Wire.readLong(in);
        long to = Wire.readLong(in);
        long after = Wire.readLong(in);
        int limit = Wire.readInt(in);
        boolean withBytes = Wire.readUnsignedByte(in) != 0;
        Wire.end(in);
        return new JournalQueryRequest(prefix, from, to, after, limit, withBytes);
    }
}
