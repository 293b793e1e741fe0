package dev.cage.protocol.message;

import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.SessionInfo;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The reply to {@link AdminSessionsRequest}: a page of sessions and whether it was cut short (ask again after the
 * last id). A session lists fewer channels than it has open only when its list alone would not fit in a frame.
 *
 * <pre>
 * +-----------+------------------------+------------+
 * | count     | count x SessionInfo    | more (0/1) |
 * | int32     |                        | uint8      |
 * +-----------+------------------------+------------+
 * SessionInfo: int64 id | string user | uint8 admin | string remote address | uint16 data port | uint8 attached
 *            | int64 logged in (µs) | int64 last active (µs) | int64 idle (ms) | int32 open channels
 *            | int32 listed | listed x ChannelInfo
 * ChannelInfo: int64 handle | string path | uint8 mode | int64 file id | int64 version | int64 size (-1: unknown)
 * </pre>
 */
public record AdminSessionsReply(List<SessionInfo> sessions, boolean more) implements Message {
    /** A session with empty strings and no channels. */
    private static final int MIN_ENTRY = Long.BYTES + 2 + 1 + 2 + 2 + 1 + 3 * Long.BYTES + 2 * Integer.BYTES;

    public AdminSessionsReply {
        sessions = List.copyOf(sessions);
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeInt(sessions.size());
        for (SessionInfo s : sessions) {
            s.writeTo(out);
        }
        out.writeByte(more ? 1 : 0);
    }

    public static AdminSessionsReply decode(ByteBuf in) throws ProtocolException {
        int n = Counts.read(in, MIN_ENTRY, "sessions");
        List<SessionInfo> sessions = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            sessions.add(SessionInfo.readFrom(in));
        }
        boolean more = Wire.readUnsignedByte(in) != 0;
        Wire.end(in);
        return new AdminSessionsReply(sessions, more);
    }
}
