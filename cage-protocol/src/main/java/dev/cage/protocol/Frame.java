package dev.cage.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;

/**
 * One protocol frame. The body is a reference-counted buffer owned by whoever holds the frame: the
 * receiver must {@link #release()} it once read.
 *
 * <pre>
 * +-----------+----------+--------------+--------------------------+
 * | length    | opcode   | request id   | body                     |
 * | uint32 BE | uint8    | int32 BE     | length - 5 bytes         |
 * +-----------+----------+--------------+--------------------------+
 *   length counts everything after itself, so it is at least 5 and at most the maximum frame size
 *   (itself at most 2^31 - 1, so a length with the top bit set is always too large).
 * </pre>
 */
public record Frame(Opcode opcode, int requestId, ByteBuf body) {
    /** Bytes of a frame that are not body: the opcode and the request id. */
    public static final int HEADER_AFTER_LENGTH = 5;
    /** The length field itself. */
    public static final int LENGTH_FIELD = 4;

    public void release() {
        body.release();
    }

    public Frame retain() {
        body.retain();
        return this;
    }

    /** The size this frame takes on the wire, length field included. */
    public int wireSize() {
        return LENGTH_FIELD + HEADER_AFTER_LENGTH + body.readableBytes();
    }

    @Override
    public String toString() {
        return opcode + "#" + requestId + "(" + body.readableBytes() + " bytes)";
    }

    static boolean isReleased(ReferenceCounted r) {
        return r.refCnt() == 0;
    }
}
