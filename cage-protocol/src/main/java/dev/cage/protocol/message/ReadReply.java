package dev.cage.protocol.message;

import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * The reply to {@link ReadRequest}: the file's version when it was read, then the bytes read, to the end of the
 * frame (fewer than asked at the end of the file).
 *
 * <pre>
 * +-----------+----------------------------------+
 * | version   | data                             |
 * | int64     | the rest of the body             |
 * +-----------+----------------------------------+
 * </pre>
 * Copy-free both ways: the node writes the header with {@link #encodeHeader} and reads the file straight into the
 * reply buffer after it; {@link #decode} returns the data as a slice of the received body, valid while the frame is
 * held (not retained).
 */
public record ReadReply(long version, ByteBuf data) implements Message {

    /** Writes the version; the caller appends the bytes read. */
    public static void encodeHeader(ByteBuf out, long version) {
        out.writeLong(version);
    }

    @Override
    public void encode(ByteBuf out) {
        encodeHeader(out, version);
        out.writeBytes(data, data.readerIndex(), data.readableBytes());
    }

    public static ReadReply decode(ByteBuf in) throws ProtocolException {
        long version = Wire.readLong(in);
        return new ReadReply(version, in.readSlice(in.readableBytes()));
    }
}
