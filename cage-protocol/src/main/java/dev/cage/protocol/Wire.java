package dev.cage.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Field encodings inside frame bodies. Integers are big-endian. A string is a uint16 byte count and that
 * many bytes of UTF-8; bytes are an int32 count and the bytes. Every reader checks that the field fits in
 * what is left of the body, so a truncated body is reported instead of read past.
 */
public final class Wire {
    private Wire() {
    }

    public static void writeString(ByteBuf out, String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > 0xFFFF) {
            throw new IllegalArgumentException("string of " + utf8.length + " bytes does not fit a frame field");
        }
        out.writeShort(utf8.length);
        out.writeBytes(utf8);
    }

    /** Reads a string, refusing bytes that are not valid UTF-8 rather than replacing them. */
    public static String readString(ByteBuf in) throws ProtocolException {
        need(in, 2);
        int len = in.readUnsignedShort();
        need(in, len);
        ByteBuffer bytes = in.nioBuffer(in.readerIndex(), len);
        in.skipBytes(len);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException(Status.MALFORMED_FRAME, "string field is not valid UTF-8");
        }
    }

    public static void writeBytes(ByteBuf out, byte[] b) {
        out.writeInt(b.length);
        out.writeBytes(b);
    }

    public static byte[] readBytes(ByteBuf in, int maxLength) throws ProtocolException {
        need(in, 4);
        int len = in.readInt();
        if (len < 0) {
            throw new ProtocolException(Status.MALFORMED_FRAME, "byte field with negative length " + len);
        }
        if (len > maxLength) {
            throw new ProtocolException(Status.MALFORMED_FRAME, "byte field of " + len + " bytes exceeds " + maxLength);
        }
        need(in, len);
        byte[] b = new byte[len];
        in.readBytes(b);
        return b;
    }

    public static long readLong(ByteBuf in) throws ProtocolException {
        need(in, Long.BYTES);
        return in.readLong();
    }

    public static int readInt(ByteBuf in) throws ProtocolException {
        need(in, Integer.BYTES);
        return in.readInt();
    }

    public static int readUnsignedShort(ByteBuf in) throws ProtocolException {
        need(in, Short.BYTES);
        return in.readUnsignedShort();
    }

    public static int readUnsignedByte(ByteBuf in) throws ProtocolException {
        need(in, 1);
        return in.readUnsignedByte();
    }

    /** Fails with {@link Status#MALFORMED_FRAME} unless {@code n} more bytes are left in the body. */
    public static void need(ByteBuf in, int n) throws ProtocolException {
        if (in.readableBytes() < n) {
            throw new ProtocolException(Status.MALFORMED_FRAME,
                "truncated frame body: needed " + n + " more bytes, found " + in.readableBytes());
        }
    }

    /** Fails unless the whole body was consumed: trailing bytes mean the peer and we disagree on the layout. */
    public static void end(ByteBuf in) throws ProtocolException {
        if (in.isReadable()) {
            throw new ProtocolException(Status.MALFORMED_FRAME, in.readableBytes() + " unexpected bytes after the last field");
        }
    }
}
