package dev.cage.protocol.message;

import dev.cage.protocol.FileInfo;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;
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
    public ListReply {
        entries = List.copyOf(entries);
    }

    @Override
    public void encode(ByteBuf out) {
        FileInfoList.write(out, entries);
    }

    public static ListReply decode(ByteBuf in) throws ProtocolException {
        List<FileInfo> entries = FileInfoList.read(in);
        Wire.end(in);
        return new ListReply(entries);
    }
}
