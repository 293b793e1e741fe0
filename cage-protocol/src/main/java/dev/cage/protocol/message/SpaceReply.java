package dev.cage.protocol.message;

import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.SpaceInfo;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * The reply to STATFS ({@link PathRequest}): one {@link SpaceInfo}.
 *
 * <pre>
 * +-----------+-----------+-------------+
 * | total     | usable    | unallocated |
 * | int64     | int64     | int64       |
 * +-----------+-----------+-------------+
 * </pre>
 */
public record SpaceReply(SpaceInfo space) implements Message {

    @Override
    public void encode(ByteBuf out) {
        space.writeTo(out);
    }

    public static SpaceReply decode(ByteBuf in) throws ProtocolException {
        SpaceInfo space = SpaceInfo.readFrom(in);
        Wire.end(in);
        return new SpaceReply(space);
    }
}
