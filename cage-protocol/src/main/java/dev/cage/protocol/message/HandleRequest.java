package dev.cage.protocol.message;

import dev.cage.protocol.Opcode;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;
import java.util.EnumSet;
import java.util.Set;

/**
 * The requests on an open file that carry nothing but its handle: CLOSE (reply: empty), SYNC (reply: empty; forces the
 * file's bytes to disk) and FSTAT (reply: {@link StatReply} of the open file).
 *
 * <pre>
 * +-----------+
 * | handle    |
 * | int64     |
 * +-----------+
 * </pre>
 */
public record HandleRequest(Opcode opcode, long handle) implements FileRequest {
    private static final Set<Opcode> OPS = EnumSet.of(Opcode.CLOSE, Opcode.SYNC, Opcode.FSTAT);

    public HandleRequest {
        if (!OPS.contains(opcode)) {
            throw new IllegalArgumentException(opcode + " is not a handle-only request");
        }
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeLong(handle);
    }

    public static HandleRequest decode(Opcode opcode, ByteBuf in) throws ProtocolException {
        long handle = Wire.readLong(in);
        Wire.end(in);
        return new HandleRequest(opcode, handle);
    }
}
