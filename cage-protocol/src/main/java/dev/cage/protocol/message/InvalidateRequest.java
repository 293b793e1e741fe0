package dev.cage.protocol.message;

import dev.cage.protocol.Opcode;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * INVALIDATE, node to client, unasked: bytes of a file the client has open changed. The client drops what it caches
 * of the range and answers with an empty RESPONSE carrying the same request id; the change is acknowledged to its
 * writer only after every other opener has answered. Body: one {@link ChangedRange}.
 *
 * <pre>
 * +-----------+-----------+-----------+---------------+-------------+
 * | file id   | offset    | length    | new version   | new size    |
 * | int64     | int64     | int64     | int64         | int64       |
 * +-----------+-----------+-----------+---------------+-------------+
 * </pre>
 */
public record InvalidateRequest(ChangedRange range) implements Request {

    @Override
    public Opcode opcode() {
        return Opcode.INVALIDATE;
    }

    @Override
    public void encode(ByteBuf out) {
        range.encode(out);
    }

    public static InvalidateRequest decode(ByteBuf in) throws ProtocolException {
        ChangedRange range = ChangedRange.decode(in);
        Wire.end(in);
        return new InvalidateRequest(range);
    }
}
