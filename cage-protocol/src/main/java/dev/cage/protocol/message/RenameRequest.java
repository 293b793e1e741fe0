package dev.cage.protocol.message;

import dev.cage.protocol.Opcode;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * RENAME. Reply: empty.
 *
 * <pre>
 * +----------+----------+
 * | from     | to       |
 * | string   | string   |
 * +----------+----------+
 * </pre>
 */
public record RenameRequest(String from, String to) implements Request {

    @Override
    public Opcode opcode() {
        return Opcode.RENAME;
    }

    @Override
    public void encode(ByteBuf out) {
        Wire.writeString(out, from);
        Wire.writeString(out, to);
    }

    public static RenameRequest decode(ByteBuf in) throws ProtocolException {
        String from = Wire.readString(in);
        String to = Wire.readString(in);
        Wire.end(in);
        return new RenameRequest(from, to);
    }
}
