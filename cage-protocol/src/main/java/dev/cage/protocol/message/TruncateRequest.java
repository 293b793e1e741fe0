package dev.cage.protocol.message;

import dev.cage.protocol.Opcode;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * TRUNCATE: sets the file's size, cutting it or extending it with zeros. Answered by {@link TruncateReply}.
 *
 * <pre>
 * +-----------+-----------+
 * | handle    | size      |
 * | int64     | int64     |
 * +-----------+-----------+
 * </pre>
 */
public record TruncateRequest(long handle, long size) implements FileRequest {

    @Override
    public Opcode opcode() {
        return Opcode.TRUNCATE;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeLong(handle).writeLong(size);
    }

    public static TruncateRequest decode(ByteBuf in) throws ProtocolException {
        long handle = Wire.readLong(in);
        long size = Wire.readLong(in);
        Wire.end(in);
        return new TruncateRequest(handle, size);
    }
}
