package dev.cage.protocol.message;

import dev.cage.protocol.InvalidArgumentException;
import dev.cage.protocol.Opcode;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * LIST_PAGE: a page of a directory's entries in name order, those after {@code after} ({@code ""} for the first
 * page), at most {@code most} of them and no more than fit a frame. The reply ({@link ListPageReply}) says whether
 * more follow; a directory of any size lists page by page, where one LIST reply would not fit a frame.
 *
 * <pre>
 * +----------+----------+----------+
 * | path     | after    | most     |
 * | string   | string   | int32    |
 * +----------+----------+----------+
 * </pre>
 */
public record ListPageRequest(String path, String after, int most) implements Request {
    /** The most entries one page may ask for. */
    public static final int MAX_ENTRIES = 65_536;

    @Override
    public Opcode opcode() {
        return Opcode.LIST_PAGE;
    }

    @Override
    public void encode(ByteBuf out) {
        Wire.writeString(out, path);
        Wire.writeString(out, after);
        out.writeInt(most);
    }

    public static ListPageRequest decode(ByteBuf in) throws ProtocolException, InvalidArgumentException {
        String path = Wire.readString(in);
        String after = Wire.readString(in);
        int most = Wire.readInt(in);
        Wire.end(in);
        if (most < 1 || most > MAX_ENTRIES) {
            throw new InvalidArgumentException("a page of " + most + " entries: pages hold 1.." + MAX_ENTRIES);
        }
        return new ListPageRequest(path, after, most);
    }
}
