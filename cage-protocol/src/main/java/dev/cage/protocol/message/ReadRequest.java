package dev.cage.protocol.message;

import dev.cage.protocol.Opcode;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;
import java.util.OptionalInt;

/**
 * READ: up to {@code length} bytes at {@code offset}. Answered by {@link ReadReply}.
 *
 * <pre>
 * +-----------+-----------+-----------+
 * | handle    | offset    | length    |
 * | int64     | int64     | int32     |
 * +-----------+-----------+-----------+
 * </pre>
 */
public record ReadRequest(long handle, long offset, int length) implements FileRequest {
    /** The size of a READ body. */
    public static final int BYTES = 2 * Long.BYTES + Integer.BYTES;

    @Override
    public Opcode opcode() {
        return Opcode.READ;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeLong(handle).writeLong(offset).writeInt(length);
    }

    public static ReadRequest decode(ByteBuf in) throws ProtocolException {
        long handle = Wire.readLong(in);
        long offset = Wire.readLong(in);
        int length = Wire.readInt(in);
        Wire.end(in);
        return new ReadRequest(handle, offset, length);
    }

    /**
     * The length field of a body, read without consuming it; empty if the body is not exactly a READ's size (then
     * decoding it fails, and where it fails does not matter to a caller that only wants to know the size).
     */
    public static OptionalInt peekLength(ByteBuf body) {
        return body.readableBytes() == BYTES
            ? OptionalInt.of(body.getInt(body.readerIndex() + 2 * Long.BYTES)) : OptionalInt.empty();
    }
}
