package dev.cage.protocol.message;

import dev.cage.protocol.Opcode;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * WRITE: the bytes to write at {@code offset}, to the end of the frame. Answered by {@link WriteReply}.
 *
 * <pre>
 * +-----------+-----------+----------------------------------+
 * | handle    | offset    | data                             |
 * | int64     | int64     | the rest of the body             |
 * +-----------+-----------+----------------------------------+
 * </pre>
 * Copy-free: a sender wraps its array as {@code data} and {@link #encode} copies it once, into the frame;
 * {@link #decode} returns the data as a slice of the received body, valid while the frame is held (not retained).
 */
public record WriteRequest(long handle, long offset, ByteBuf data) implements FileRequest {
    /** The fields in front of the data. */
    public static final int HEADER_BYTES = 2 * Long.BYTES;

    @Override
    public Opcode opcode() {
        return Opcode.WRITE;
    }

    @Override
    public int sizeHint() {
        return HEADER_BYTES + data.readableBytes();
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeLong(handle).writeLong(offset);
        out.writeBytes(data, data.readerIndex(), data.readableBytes());
    }

    public static WriteRequest decode(ByteBuf in) throws ProtocolException {
        long handle = Wire.readLong(in);
        long offset = Wire.readLong(in);
        return new WriteRequest(handle, offset, in.readSlice(in.readableBytes()));
    }
}
