package dev.cage.protocol.message;

import dev.cage.protocol.FileInfo;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * The reply to STAT ({@link PathRequest}) and FSTAT ({@link HandleRequest}): one {@link FileInfo}.
 *
 * <pre>
 * +----------+---------------+-----------+---------------+----------------+-----------+
 * | name     | type          | size      | created (ms)  | modified (ms)  | version   |
 * | string   | uint8         | int64     | int64         | int64          | int64     |
 * +----------+---------------+-----------+---------------+----------------+-----------+
 * </pre>
 */
public record StatReply(FileInfo info) implements Message {

    @Override
    public void encode(ByteBuf out) {
        info.writeTo(out);
    }

    public static StatReply decode(ByteBuf in) throws ProtocolException {
        FileInfo info = FileInfo.readFrom(in);
        Wire.end(in);
        return new StatReply(info);
    }
}
