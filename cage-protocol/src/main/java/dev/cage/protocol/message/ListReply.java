package dev.cage.protocol.message;

import dev.cage.protocol.FileInfo;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The reply to LIST ({@link PathRequest}): the directory's entries, sorted by name, each laid out as in
 * {@link StatReply}.
 *
 * <pre>
 * +-----------+-----------------------------+
 * | count     | count x FileInfo            |
 * | int32     | (see StatReply)             |
 * +-----------+-----------------------------+
 * </pre>
 */
public record ListReply(List<FileInfo> entries) implements Message {
    /** A FileInfo with an empty name: string length, type, four int64. */
    private static final int MIN_ENTRY = 2 + 1 + 4 * Long.BYTES;

    public ListReply {
        entries = List.copyOf(entries);
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeInt(entries.size());
        for (FileInfo e : entries) {
            e.writeTo(out);
        }
    }

    public static ListReply decode(ByteBuf in) throws ProtocolException {
        int n = Counts.read(in, MIN_ENTRY, "directory entries");
        List<FileInfo> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            entries.add(FileInfo.readFrom(in));
        }
        Wire.end(in);
        return new ListReply(entries);
    }
}
