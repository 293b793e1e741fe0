package dev.cage.protocol.message;

import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * PROGRESS, node to client, during a long request and with that request's id. Not a reply: the request's RESPONSE
 * still follows, and nothing answers this.
 *
 * <pre>
 * +-----------+----------------------------+
 * | done      | total (-1 if not known)    |
 * | int64     | int64                      |
 * +-----------+----------------------------+
 * </pre>
 */
public record Progress(long done, long total) implements Message {
    public static final int BYTES = 2 * Long.BYTES;

    @Override
    public void encode(ByteBuf out) {
        out.writeLong(done).writeLong(total);
    }

    public static Progress decode(ByteBuf in) throws ProtocolException {
        long done = Wire.readLong(in);
        long total = Wire.readLong(in);
        Wire.end(in);
        return new Progress(done, total);
    }
}
