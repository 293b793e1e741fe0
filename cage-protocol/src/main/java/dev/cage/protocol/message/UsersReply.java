package dev.cage.protocol.message;

import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.UserInfo;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The reply to ADMIN_USERS ({@link EmptyRequest}): the node's users, by name.
 *
 * <pre>
 * uint16 n | n x (string name | uint8 flags: bit 0 admin, bit 1 enabled)
 * </pre>
 */
public record UsersReply(List<UserInfo> users) implements Message {

    public UsersReply {
        users = List.copyOf(users);
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeShort(users.size());
        for (UserInfo u : users) {
            Wire.writeString(out, u.name());
            out.writeByte((u.admin() ? 1 : 0) | (u.enabled() ? 2 : 0));
        }
    }

    public static UsersReply decode(ByteBuf in) throws ProtocolException {
        int n = Wire.readUnsignedShort(in);
        List<UserInfo> users = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = Wire.readString(in);
            int flags = Wire.readUnsignedByte(in);
            users.add(new UserInfo(name, (flags & 1) != 0, (flags & 2) != 0));
        }
        Wire.end(in);
        return new UsersReply(users);
    }
}
