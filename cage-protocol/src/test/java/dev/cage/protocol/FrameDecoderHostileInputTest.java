package dev.cage.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link FrameDecoder} against a peer that lies: bad lengths are refused as soon as the length field is
 * complete, nothing is allocated for what a peer merely declares, and a broken stream stays broken.
 */
class FrameDecoderHostileInputTest {
    private static final int MAX = 8192;

    @Test
    void decode_lengthOf2GiBWithFewBytes_throwsFrameTooLargeAtOnceWithoutAllocating() {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel ch = channel(new FrameDecoder(MAX), alloc);
        byte[] header = Frames.header(1L << 31, Opcode.WRITE.code(), 1);

        for (int i = 0; i < Frame.LENGTH_FIELD - 1; i++) {
            ch.writeInbound(Unpooled.wrappedBuffer(header, i, 1));
        }
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(header, Frame.LENGTH_FIELD - 1, 1)))
            .isInstanceOfSatisfying(FrameException.class, e -> {
                assertThat(e.status()).isEqualTo(Status.FRAME_TOO_LARGE);
                assertThat(e.getMessage()).contains("2147483648");
            });
        assertThat(alloc.largestAllocation()).as("largest buffer the decoder asked for").isBetween(1, 1023);
        assertThat((Object) ch.readInbound()).isNull();
    }

    @ParameterizedTest
    @ValueSource(longs = {MAX + 1, 1 << 20, Integer.MAX_VALUE, 1L << 31, 0xFFFF_FFFFL})
    void decode_lengthAboveMax_throwsFrameTooLarge(long length) {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(MAX));

        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(Frames.header(length, 1, 1))))
            .isInstanceOfSatisfying(FrameException.class, e -> assertThat(e.status()).isEqualTo(Status.FRAME_TOO_LARGE));
    }

    @Test
    void decode_largestLegalLengthWithFewBytes_waitsWithoutAllocatingTheBody() {
        int max = 64 << 20;
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel ch = channel(new FrameDecoder(max), alloc);

        List<Frame> out = Frames.feedByteByByte(ch, Arrays.copyOf(Frames.header(max, Opcode.WRITE.code(), 1), 200));

        assertThat(out).isEmpty();
        assertThat(alloc.largestAllocation()).as("largest buffer the decoder asked for").isBetween(1, 4095);
        assertThat(ch.finish()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void decode_lengthBelowFive_throwsMalformedFrame(int length) {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(MAX));

        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(Frames.header(length, 1, 1))))
            .isInstanceOfSatisfying(FrameException.class, e -> assertThat(e.status()).isEqualTo(Status.MALFORMED_FRAME));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 9, 13, 29, 99, 128, 255})
    void decode_unknownOpcode_throwsUnexpectedMessage(int opcode) {
        assertThat(Opcode.of(opcode)).isNull();
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(MAX));

        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(Frames.header(5, opcode, 1))))
            .isInstanceOfSatisfying(FrameException.class, e -> {
                assertThat(e.status()).isEqualTo(Status.UNEXPECTED_MESSAGE);
                assertThat(e.getMessage()).contains(String.valueOf(opcode));
            });
    }

    @Test
    void decode_inputAfterAFailure_isDiscarded() {
        FrameDecoder decoder = new FrameDecoder(MAX);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(Frames.header(MAX + 1, 1, 1))))
            .isInstanceOf(FrameException.class);

        byte[] good = Frames.encode(List.of(new Frame(Opcode.HELLO, 1, Unpooled.wrappedBuffer(new byte[6]))));
        List<Frame> out = Frames.feedByteByByte(ch, good);
        ch.writeInbound(Unpooled.wrappedBuffer(Frames.header(1, 0, 0))); // would fail again if it were read

        assertThat(out).isEmpty();
        assertThat(decoder.failed()).isTrue();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void decode_goodFramesBeforeABadOne_areDeliveredThenTheStreamStops() {
        byte[] good = Frames.encode(List.of(new Frame(Opcode.STAT, 7, Unpooled.wrappedBuffer(new byte[] {0, 0}))));
        byte[] wire = concat(good, good, Frames.header(4, 1, 1), good);
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(MAX));

        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(wire))).isInstanceOf(FrameException.class);
        List<Frame> out = new ArrayList<>();
        Frames.drain(ch, out);

        assertThat(out).hasSize(2).allSatisfy(f -> assertThat(f.requestId()).isEqualTo(7));
        out.forEach(Frame::release);
    }

    @Test
    void decode_truncatedFrame_producesNothingUntilItsLastByte() {
        byte[] body = new byte[300];
        Arrays.fill(body, (byte) 0x5A);
        byte[] wire = Frames.encode(List.of(new Frame(Opcode.WRITE, 42, Unpooled.wrappedBuffer(body))));
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(MAX));

        List<Frame> early = Frames.feedByteByByte(ch, Arrays.copyOf(wire, wire.length - 1));
        List<Frame> late = Frames.feedByteByByte(ch, new byte[] {wire[wire.length - 1]});

        assertThat(early).isEmpty();
        assertThat(late).singleElement().satisfies(f -> {
            assertThat(f.requestId()).isEqualTo(42);
            assertThat(Frames.bytes(f.body())).isEqualTo(body);
            f.release();
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 4, 8, 9, 100})
    void decode_truncatedFrameThenClose_producesNothingAndNoError(int bytesSent) {
        byte[] wire = Frames.encode(List.of(new Frame(Opcode.WRITE, 1, Unpooled.wrappedBuffer(new byte[200]))));
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(MAX));

        List<Frame> out = Frames.feedByteByByte(ch, Arrays.copyOf(wire, bytesSent));

        assertThat(out).isEmpty();
        assertThat(ch.finish()).isFalse(); // closing with a partial frame neither decodes it nor throws
    }

    @Test
    void new_maxBelowHeaderSize_throwsIllegalArgument() {
        assertThatThrownBy(() -> new FrameDecoder(4)).isInstanceOf(IllegalArgumentException.class);
    }

    private static EmbeddedChannel channel(FrameDecoder decoder, TrackingAllocator alloc) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setAllocator(alloc);
        ch.pipeline().addLast(decoder);
        return ch;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
