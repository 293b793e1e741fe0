package dev.cage.protocol.message;

import dev.cage.protocol.Opcode;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * ADMIN_USER_ENABLE, admin: lets a user log in again, or (disabling) no longer, and ends its live sessions. Reply:
 * empty.
 *
 * <pre>
 * +--------+-----------------+
 * | name   | enabled (0 / 1) |
 * | string | uint8           |
 * +--------+-----------------+
 * </pre>
 */
public record UserEnableRequest(String name, boolean enabled) implements Request {

    @Override
    public Opcode opcode() {
        return Opcode.ADMIN_USER_ENABLE;
    }

    @Override
    public void encode(ByteBuf out) {
        Wire.writeString(out, name);
        out.writeByte(enabled ? 1 : 0);
    }

    public static UserEnableRequest decode(ByteBuf in) throws ProtocolException {
        String name = Wire.readString(in);
        boolean enabled = Wire.readUnsignedByte(in) != 0;
        Wire.end(in);
        return new UserEnableRequest(name, enabled);
    }
}
