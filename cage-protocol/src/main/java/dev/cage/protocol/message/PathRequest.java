package dev.cage.protocol.message;

import dev.cage.protocol.Opcode;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;
import java.util.EnumSet;
import java.util.Set;

/**
 * The requests that name one path and nothing else: CREATE, REMOVE, MKDIR, RMDIR (reply: empty), STAT (reply:
 * {@link StatReply}), LIST (reply: {@link ListReply}) and STATFS (reply: {@link SpaceReply}).
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
        Opcode.STAT, Opcode.LIST, Opcode.STATFS);

    public PathRequest {
        if (!OPS.contains(opcode)) {
            throw new IllegalArgumentException(opcode + " is not a path request");
        }
    }

    @Override
    public void encode(ByteBuf out) {
        Wire.writeString(out, path);
    }

    /**
     * The string a body starts with, read without consuming it, for error messages: the path of a path, open or
     * rename request, the prefix or path of a journal request; {@code "?"} if the body does not start with a string.
     */
    public static String peekPath(ByteBuf body) {
        try {
            return Wire.readString(body.duplicate());
        } catch (ProtocolException e) {
            return "?";
        }
    }

    public static PathRequest decode(Opcode opcode, ByteBuf in) throws ProtocolException {
        String path = Wire.readString(in);
        Wire.end(in);
        return new PathRequest(opcode, path);
    }
}
