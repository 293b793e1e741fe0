package dev.cage.protocol.message;

import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Status;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The reply to {@link AuthProofRequest}: the node's SCRAM signature and the new session; and, from a member of a
 * replicated group, the group's name and where its members with files take logins, so that a client that knows one
 * member learns the rest (a standalone node sends an empty name and no members).
 *
 * <pre>
 * +-------------------+----------+-------------+--------------+-------------------+--------+---------+---------------+
 * | server signature  | token    | data port   | session id   | idle timeout ms   | group  | count   | members       |
 * | bytes (max 256)   | string   | uint16      | int64        | int64             | string | uint8   | string each   |
 * +-------------------+----------+-------------+--------------+-------------------+--------+---------+---------------+
 * </pre>
 */
public record AuthProofReply(byte[] serverSignature, String token, int dataPort, long sessionId, long idleTimeoutMillis,
                             String group, List<String> members) implements Message {
    /** The most members a reply names (a group has a handful). */
    public static final int MAX_MEMBERS = 64;

    public AuthProofReply {
        members = List.copyOf(members);
        if (members.size() > MAX_MEMBERS) {
            throw new IllegalArgumentException(members.size() + " members, more than " + MAX_MEMBERS);
        }
    }

    /** A standalone node's reply. */
    public AuthProofReply(byte[] serverSignature, String token, int dataPort, long sessionId, long idleTimeoutMillis) {
        this(serverSignature, token, dataPort, sessionId, idleTimeoutMillis, "", List.of());
    }

    @Override
    public void encode(ByteBuf out) {
        Wire.writeBytes(out, serverSignature);
        Wire.writeString(out, token);
        out.writeShort(dataPort).writeLong(sessionId).writeLong(idleTimeoutMillis);
        Wire.writeString(out, group);
        out.writeByte(members.size());
        for (String m : members) {
            Wire.writeString(out, m);
        }
    }

    public static AuthProofReply decode(ByteBuf in) throws ProtocolException {
        byte[] signature = Wire.readBytes(in, AuthStartRequest.MAX_NONCE);
        String token = Wire.readString(in);
        int dataPort = Wire.readUnsignedShort(in);
        long session = Wire.readLong(in);
        long idle = Wire.readLong(in);
        String group = Wire.readString(in);
        int count = Wire.readUnsignedByte(in);
        if (count > MAX_MEMBERS) {
            throw new ProtocolException(Status.MALFORMED_FRAME, "a login reply naming " + count
                + " group members, more than " + MAX_MEMBERS);
        }
        List<String> members = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            members.add(Wire.readString(in));
        }
        Wire.end(in);
        return new AuthProofReply(signature, token, dataPort, session, idle, group, members);
    }
}
