package dev.cage.protocol.message;

import dev.cage.protocol.FileInfo;
import dev.cage.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/** Directory entries as LIST and LIST_PAGE lay them out: an int32 count, then each entry as {@link StatReply} does. */
final class FileInfoList {
    /** A FileInfo with an empty name: string length, type, four int64. */
    private static final int MIN_ENTRY = 2 + 1 + 4 * Long.BYTES;

    private FileInfoList() {
    }

    static void write(ByteBuf out, List<FileInfo> entries) {
        out.writeInt(entries.size());
        for (FileInfo e : entries) {
            e.writeTo(out);
        }
    }

    static List<FileInfo> read(ByteBuf in) throws ProtocolException {
        int n = Counts.read(in, MIN_ENTRY, "directory entries");
        List<FileInfo> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            entries.add(FileInfo.readFrom(in));
        }
        return entries;
    }
}
