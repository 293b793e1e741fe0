package dev.cage.protocol.message;

import dev.cage.protocol.JournalEntryInfo;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The reply to {@link JournalQueryRequest}: a page of entries, oldest first, and whether the page was cut short (ask
 * again after the last seq).
 *
 * <pre>
 * +-----------+-----------------------------+------------+
 * | count     | count x JournalEntryInfo    | more (0/1) |
 * | int32     |                             | uint8      |
 * +-----------+-----------------------------+------------+
 * JournalEntryInfo: int64 seq | int64 time (µs) | int64 session id | string user | string op | string path
 *                 | string path2 | string outcome | int64 offset | int64 length | int64 old size | int64 new size
 *                 | bytes new bytes
 * </pre>
 */
public record JournalQueryReply(List<JournalEntryInfo> entries, boolean more) implements Message {
    /** An entry with empty strings and no bytes. */
    private static final int MIN_ENTRY = 3 * Long.BYTES + 5 * 2 + 4 * Long.BYTES + Integer.BYTES;

    public JournalQueryReply {
        entries = List.copyOf(entries);
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeInt(entries.size());
        for (JournalEntryInfo e : entries) {
            e.writeTo(out);
        }
        out.writeByte(more ? 1 : 0);
    }

    public static JournalQueryReply decode(ByteBuf in) throws ProtocolException {
        int n = Counts.read(in, MIN_ENTRY, "journal entries");
        List<JournalEntryInfo> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            entries.add(JournalEntryInfo.readFrom(in));
        }
        boolean more = Wire.readUnsignedByte(in) != 0;
        Wire.end(in);
        return new JournalQueryReply(entries, more);
    }
}
