package dev.cage.protocol.message;

import dev.cage.protocol.Frame;
import dev.cage.protocol.Responses;
import io.netty.buffer.ByteBufAllocator;

/** Builds success replies from reply types. */
public final class Replies {
    private Replies() {
    }

    /** An OK reply carrying {@code result}; {@code capacity} is a first guess of its size, in bytes. */
    public static Frame ok(ByteBufAllocator alloc, int requestId, int capacity, Message result) {
        Frame reply = Responses.ok(alloc, requestId, capacity);
        result.encode(reply.body());
        return reply;
    }
}
