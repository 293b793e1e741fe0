package dev.cage.protocol.message;

import dev.cage.protocol.Opcode;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * ADMIN_USER_PUT, admin: adds a user, or gives an existing one a new secret and this role (and enables it). The node
 * makes the secret and answers it once: {@link UserSecretReply}.
 *
 * <pre>
 * +--------+---------------+
 * | name   | admin (0 / 1) |
 * | string | uint8         |
 * +--------+---------------+
 * </pre>
 */
public record UserPutRequest(String name, boolean admin) implements Request {

    @Override
    public Opcode opcode() {
        return Opcode.ADMIN_USER_PUT;
    }

    @Override
    public void encode(ByteBuf out) {
        Wire.writeString(out, name);
        out.writeByte(admin ? 1 : 0);
    }

    public static UserPutRequest decode(ByteBuf in) throws ProtocolException {
        String name = Wire.readString(in);
        boolean admin = Wire.readUnsignedByte(in) != 0;
        Wire.end(in);
        return new UserPutRequest(name, admin);
    }
}
