package dev.cage.protocol.message;

import dev.cage.protocol.Opcode;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * JOURNAL_READ_AS_OF, admin: a file's bytes as they were at an instant, rebuilt from its bytes now and the journal's
 * record of every change since (nothing on disk changes). Answered by {@link JournalReadAsOfReply}.
 *
 * <pre>
 * +--------+-----------------+----------------+
 * | path   | at (µs, epoch)  | max bytes      |
 * | string | int64           | int32          |
 * +--------+-----------------+----------------+
 * </pre>
 */
public record JournalReadAsOfRequest(String path, long atMicros, int maxBytes) implements Request {

    @Override
    public Opcode opcode() {
        return Opcode.JOURNAL_READ_AS_OF;
    }

    @Override
    public void encode(ByteBuf out) {
        Wire.writeString(out, path);
        out.writeLong(atMicros);
        out.writeInt(maxBytes);
    }

    public static JournalReadAsOfRequest decode(ByteBuf in) throws ProtocolException {
        String path = Wire.readString(in);
        long at = Wire.readLong(in);
        int max = Wire.readInt(in);
        Wire.end(in);
        return new JournalReadAsOfRequest(path, at, max);
    }
}
