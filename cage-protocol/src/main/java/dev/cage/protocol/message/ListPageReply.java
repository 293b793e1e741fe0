package dev.cage.protocol.message;

import dev.cage.protocol.FileInfo;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Status;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * The reply to LIST_PAGE ({@link ListPageRequest}): entries in name order, each laid out as in {@link StatReply}, and
 * whether the directory has more after the last of them.
 *
 * <pre>
 * +-----------+-----------------------------+-----------+
 * | count     | count x FileInfo            | more      |
 * | int32     | (see StatReply)             | uint8 0/1 |
 * +-----------+-----------------------------+-----------+
 * </pre>
 */
public record ListPageReply(List<FileInfo> entries, boolean more) implements Message {
    public ListPageReply {
        entries = List.copyOf(entries);
    }

    @Override
    public void encode(ByteBuf out) {
        FileInfoList.write(out, entries);
        out.writeByte(more ? 1 : 0);
    }

    public static ListPageReply decode(ByteBuf in) throws ProtocolException {
        List<FileInfo> entries = FileInfoList.read(in);
        int more = Wire.readUnsignedByte(in);
        if (more > 1) {
            throw new ProtocolException(Status.MALFORMED_FRAME, "LIST_PAGE's 'more' flag is " + more + ", not 0 or 1");
        }
        Wire.end(in);
        return new ListPageReply(entries, more == 1);
    }
}
