package dev.cage.protocol.message;

import dev.cage.protocol.Opcode;
import dev.cage.protocol.OpenMode;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * OPEN: opens a file in a mode, creating it first if asked and missing. Answered by {@link OpenReply}.
 *
 * <pre>
 * +----------+------------------+---------------------------+
 * | path     | mode             | create if missing (0/1)   |
 * | string   | uint8 (OpenMode) | uint8                     |
 * +----------+------------------+---------------------------+
 * </pre>
 */
public record OpenRequest(String path, OpenMode mode, boolean create) implements Request {

    @Override
    public Opcode opcode() {
        return Opcode.OPEN;
    }

    @Override
    public void encode(ByteBuf out) {
        Wire.writeString(out, path);
        out.writeByte(mode.code());
        out.writeByte(create ? 1 : 0);
    }

    public static OpenRequest decode(ByteBuf in) throws ProtocolException {
        String path = Wire.readString(in);
        OpenMode mode = OpenMode.of(Wire.readUnsignedByte(in));
        boolean create = Wire.readUnsignedByte(in) != 0;
        Wire.end(in);
        return new OpenRequest(path, mode, create);
    }
}
