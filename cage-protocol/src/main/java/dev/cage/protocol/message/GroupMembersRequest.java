package dev.cage.protocol.message;

import dev.cage.protocol.Opcode;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * ADMIN_GROUP_MEMBERS, admin, to a replicated group's leader: changes who belongs to the group, and answers once the
 * new configuration is committed. Reply: empty.
 *
 * <pre>
 * +--------+-----------+-----------------------------------------------+
 * | action | member id | address: host:port:raftPort (ADD_*), else ""  |
 * | uint8  | string    | string                                        |
 * +--------+-----------+-----------------------------------------------+
 * </pre>
 */
public record GroupMembersRequest(Action action, String member, String address) implements Request {

    /** What to do with the member. */
    public enum Action {
        /** Add a new member as a voter (it catches up first). */
        ADD_VOTER,
        /** Add a new member as a spare: it receives and applies the log but does not vote. */
        ADD_SPARE,
        /** Make a spare a voter. */
        PROMOTE,
        /** Take a member (voter or spare) out of the group. */
        REMOVE
    }

    public GroupMembersRequest {
        java.util.Objects.requireNonNull(action, "action");
        java.util.Objects.requireNonNull(member, "member");
        java.util.Objects.requireNonNull(address, "address");
    }

    @Override
    public Opcode opcode() {
        return Opcode.ADMIN_GROUP_MEMBERS;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(action.ordinal());
        Wire.writeString(out, member);
        Wire.writeString(out, address);
    }

    public static GroupMembersRequest decode(ByteBuf in) throws ProtocolException {
        int a = Wire.readUnsignedByte(in);
        if (a >= Action.values().length) {
            throw new ProtocolException(dev.cage.protocol.Status.MALFORMED_FRAME, "unknown group membership action " + a);
        }
        String member = Wire.readString(in);
        String address = Wire.readString(in);
        Wire.end(in);
        return new GroupMembersRequest(Action.values()[a], member, address);
    }
}
