package dev.cage.protocol.message;

import dev.cage.protocol.Opcode;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;
import java.util.EnumSet;
import java.util.Set;

/**
 * The requests that name one path and nothing else: CREATE, REMOVE, MKDIR, RMDIR (reply: empty), STAT (reply:
 * {@link StatReply}) and LIST (reply: {@link ListReply}).
 *
 * <pre>
 * +----------+
 * | path     |
 * | string   |
 * +----------+
 * </pre>
 */
public record PathRequest(Opcode opcode, String path) implements Request {
    private static final Set<Opcode> OPS = EnumSet.of(Opcode.CREATE, Opcode.REMOVE, Opcode.MKDIR, Opcode.RMDIR,
        Opcode.STAT, Opcode.LIST);

    public PathRequest {
        if (!OPS.contains(opcode)) {
            throw new IllegalArgumentException(opcode + " is not a path request");
        }
    }

    @Override
    public void encode(ByteBuf out) {
        Wire.writeString(out, path);
    }

    public static PathRequest decode(Opcode opcode, ByteBuf in) throws ProtocolException {
        String path = Wire.readString(in);
        Wire.end(in);
        return new PathRequest(opcode, path);
    }
}
