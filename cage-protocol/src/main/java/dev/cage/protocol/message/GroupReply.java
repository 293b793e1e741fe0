package dev.cage.protocol.message;

import dev.cage.protocol.GroupInfo;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The reply to ADMIN_GROUP ({@link EmptyRequest}): the replicated group as the answering member sees it.
 *
 * <pre>
 * string name | string self | string leader | int64 term | int64 last applied
 * | uint16 n | n x (string id | string address | string raft address | string role | int64 commit index)
 * </pre>
 */
public record GroupReply(GroupInfo group) implements Message {

    @Override
    public void encode(ByteBuf out) {
        Wire.writeString(out, group.name());
        Wire.writeString(out, group.self());
        Wire.writeString(out, group.leader());
        out.writeLong(group.term()).writeLong(group.lastApplied());
        out.writeShort(group.members().size());
        for (GroupInfo.Member m : group.members()) {
            Wire.writeString(out, m.id());
            Wire.writeString(out, m.address());
            Wire.writeString(out, m.raftAddress());
            Wire.writeString(out, m.role());
            out.writeLong(m.commitIndex());
        }
    }

    public static GroupReply decode(ByteBuf in) throws ProtocolException {
        String name = Wire.readString(in);
        String self = Wire.readString(in);
        String leader = Wire.readString(in);
        long term = Wire.readLong(in);
        long applied = Wire.readLong(in);
        int n = Wire.readUnsignedShort(in);
        List<GroupInfo.Member> members = new ArrayList<>(Math.min(n, 64));
        for (int i = 0; i < n; i++) {
            members.add(new GroupInfo.Member(Wire.readString(in), Wire.readString(in), Wire.readString(in),
                Wire.readString(in), Wire.readLong(in)));
        }
        Wire.end(in);
        return new GroupReply(new GroupInfo(name, self, leader, term, applied, members));
    }
}
