package dev.cage.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Test helpers that move frames through the real codec on an {@link EmbeddedChannel}. */
final class Frames {
    private Frames() {
    }

    /** The bytes {@link FrameEncoder} puts on the wire for {@code frames}, back to back. */
    static byte[] encode(List<Frame> frames) {
        EmbeddedChannel ch = new EmbeddedChannel(FrameEncoder.INSTANCE);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (Frame f : frames) {
            ch.writeOutbound(f);
            for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
                wire.writeBytes(bytes(b));
                b.release();
            }
        }
        ch.finishAndReleaseAll();
        return wire.toByteArray();
    }

    /** Feeds {@code wire} into {@code ch} one byte per read, and returns every frame that came out. */
    static List<Frame> feedByteByByte(EmbeddedChannel ch, byte[] wire) {
        List<Frame> out = new ArrayList<>();
        for (byte b : wire) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
            drain(ch, out);
        }
        return out;
    }

    /** Moves every frame waiting in {@code ch}'s inbound queue to {@code out}. */
    static void drain(EmbeddedChannel ch, List<Frame> out) {
        for (Frame f; (f = ch.readInbound()) != null; ) {
            out.add(f);
        }
    }

    /** A raw frame header: the length field as given (unchecked), the opcode byte and the request id. */
    static byte[] header(long lengthField, int opcode, int requestId) {
        ByteBuf b = Unpooled.buffer(9);
        b.writeInt((int) lengthField).writeByte(opcode).writeInt(requestId);
        return bytes(b);
    }

    /** The readable bytes of a buffer, without moving its reader index. */
    static byte[] bytes(ByteBuf b) {
        byte[] a = new byte[b.readableBytes()];
        b.getBytes(b.readerIndex(), a);
        return a;
    }
}
