package dev.cage.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** Builds and reads {@link Opcode#RESPONSE} frames. */
public final class Responses {
    private Responses() {
    }

    /** A success reply; the caller appends the result fields to the returned frame's body. */
    public static Frame ok(ByteBufAllocator alloc, int requestId, int resultCapacity) {
        ByteBuf body = alloc.buffer(2 + resultCapacity);
        body.writeShort(Status.OK.code());
        return new Frame(Opcode.RESPONSE, requestId, body);
    }

    public static Frame error(ByteBufAllocator alloc, int requestId, Status status, String message) {
        ByteBuf body = alloc.buffer();
        body.writeShort(status.code());
        Wire.writeString(body, message == null ? status.name() : truncate(message));
        return new Frame(Opcode.RESPONSE, requestId, body);
    }

    /**
     * Reads the status of a reply and, if it is an error, throws it as its specific exception type.
     * On success the body is left positioned at the first result field.
     */
    public static void check(Frame reply) throws CageException {
        if (reply.opcode() != Opcode.RESPONSE) {
            throw new ProtocolException(Status.UNEXPECTED_MESSAGE, "expected a response, got " + reply.opcode());
        }
        ByteBuf body = reply.body();
        Status status = Status.of(Wire.readUnsignedShort(body));
        if (status != Status.OK) {
            throw status.toException(body.isReadable() ? Wire.readString(body) : status.name());
        }
    }

    /** The status of a reply, read without moving its reader index. */
    public static Status statusOf(Frame reply) {
        ByteBuf body = reply.body();
        return reply.opcode() != Opcode.RESPONSE || body.readableBytes() < 2 ? Status.OK
            : Status.of(body.getUnsignedShort(body.readerIndex()));
    }

    private static String truncate(String message) {
        return message.length() > 2000 ? message.substring(0, 2000) + "…" : message;
    }
}
