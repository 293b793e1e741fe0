package dev.cage.protocol.message;

import dev.cage.protocol.Opcode;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Status;
import io.netty.buffer.ByteBuf;

/**
 * A request on an open file: its body starts with the int64 handle of the channel, which the node reads before
 * anything else to pick the file's lane.
 */
public sealed interface FileRequest extends Request
    permits HandleRequest, ReadRequest, WriteRequest, TruncateRequest, ChecksumsRequest {

    long handle();

    /** Whether requests with this opcode start with a handle. */
    static boolean takesHandle(Opcode op) {
        return switch (op) {
            case READ, WRITE, TRUNCATE, SYNC, FSTAT, CLOSE, CHECKSUMS -> true;
            default -> false;
        };
    }

    /** The handle at the start of a body, read without consuming it. */
    static long peekHandle(Opcode op, ByteBuf body) throws ProtocolException {
        if (body.readableBytes() < Long.BYTES) {
            throw new ProtocolException(Status.MALFORMED_FRAME, op + " request too short to hold a handle");
        }
        return body.getLong(body.readerIndex());
    }
}
