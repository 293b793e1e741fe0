package dev.cage.server;

import dev.cage.protocol.Frame;
import dev.cage.protocol.Opcode;
import dev.cage.protocol.Protocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.function.Consumer;

/** Builds frames byte by byte, including ones no well-behaved client would send. */
final class RawFrames {
    private RawFrames() {
    }

    /** A whole frame: length, opcode byte, request id, body. */
    static byte[] frame(Opcode op, int requestId, byte[] body) {
        return frame(op.code(), requestId, body);
    }

    /** A whole frame with any opcode byte, known or not. */
    static byte[] frame(int opcode, int requestId, byte[] body) {
        return concat(header(Frame.HEADER_AFTER_LENGTH + body.length, opcode, requestId), body);
    }

    /** A frame header whose length field says {@code length} (taken as unsigned 32 bits), whatever follows. */
    static byte[] header(long length, int opcode, int requestId) {
        return body(b -> b.writeInt((int) length).writeByte(opcode).writeInt(requestId));
    }

    /** A HELLO frame body with the given magic and version. */
    static byte[] hello(int magic, int version) {
        return body(b -> b.writeInt(magic).writeShort(version));
    }

    /** A correct HELLO frame. */
    static byte[] hello() {
        return frame(Opcode.HELLO, 1, hello(Protocol.MAGIC, Protocol.VERSION));
    }

    /** The bytes {@code fields} writes, typically with {@code Wire} and {@code ByteBuf} methods. */
    static byte[] body(Consumer<ByteBuf> fields) {
        ByteBuf b = Unpooled.buffer();
        fields.accept(b);
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        return out;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
