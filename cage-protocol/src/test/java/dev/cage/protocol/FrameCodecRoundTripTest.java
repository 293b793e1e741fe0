package dev.cage.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link FrameEncoder} and {@link FrameDecoder} agree: whatever is encoded decodes to the same frames. */
class FrameCodecRoundTripTest {
    private static final int MAX = 65_536;
    /** Body sizes worth covering: empty, tiny, odd, around a header's size, large, and the largest allowed. */
    private static final int[] SIZES = {0, 1, 2, 4, 5, 9, 255, 256, 4096, 65_535 - 5, MAX - Frame.HEADER_AFTER_LENGTH};

    /** What a frame carried, kept after its buffer is released. */
    private record Sent(Opcode opcode, int requestId, byte[] body) {
    }

    @Test
    void encode_frame_writesLengthOpcodeRequestIdAndBodyBigEndian() {
        Frame f = new Frame(Opcode.READ, 0x01020304, Unpooled.wrappedBuffer(new byte[] {9, 8, 7}));

        byte[] wire = Frames.encode(List.of(f));

        assertThat(wire).containsExactly(0, 0, 0, 8, 32, 1, 2, 3, 4, 9, 8, 7);
    }

    @Test
    void decode_manyFramesFedOneByteAtATime_returnsTheSameFramesInOrder() {
        List<Sent> sent = randomFrames(new Random(42), 60);

        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(MAX));
        List<Frame> got = Frames.feedByteByByte(ch, Frames.encode(toFrames(sent)));

        assertSame(sent, got);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void decode_framesFedInRandomChunks_returnsTheSameFramesInOrder() {
        Random random = new Random(7);
        List<Sent> sent = randomFrames(random, 200);
        byte[] wire = Frames.encode(toFrames(sent));

        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(MAX));
        List<Frame> got = new ArrayList<>();
        for (int at = 0; at < wire.length; ) {
            int n = Math.min(wire.length - at, 1 + random.nextInt(3 * Frame.LENGTH_FIELD + 300));
            ch.writeInbound(Unpooled.wrappedBuffer(wire, at, n));
            Frames.drain(ch, got);
            at += n;
        }

        assertSame(sent, got);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void decode_everyOpcodeWithEveryBodySize_roundTrips() {
        List<Sent> sent = new ArrayList<>();
        Random random = new Random(3);
        for (Opcode op : Opcode.values()) {
            for (int size : SIZES) {
                sent.add(new Sent(op, random.nextInt(), randomBytes(random, size)));
            }
        }

        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(MAX));
        ch.writeInbound(Unpooled.wrappedBuffer(Frames.encode(toFrames(sent))));
        List<Frame> got = new ArrayList<>();
        Frames.drain(ch, got);

        assertSame(sent, got);
    }

    private static List<Sent> randomFrames(Random random, int count) {
        Opcode[] ops = Opcode.values();
        int[] ids = {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE};
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // Mostly small frames, so byte-by-byte feeding stays quick; now and then a large one.
            int size = random.nextInt(10) == 0 ? SIZES[random.nextInt(SIZES.length)] : random.nextInt(64);
            int id = random.nextInt(4) == 0 ? ids[random.nextInt(ids.length)] : random.nextInt();
            sent.add(new Sent(ops[random.nextInt(ops.length)], id, randomBytes(random, size)));
        }
        return sent;
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static List<Frame> toFrames(List<Sent> sent) {
        return sent.stream().map(s -> new Frame(s.opcode(), s.requestId(), Unpooled.wrappedBuffer(s.body()))).toList();
    }

    private static void assertSame(List<Sent> sent, List<Frame> got) {
        assertThat(got).hasSameSizeAs(sent);
        for (int i = 0; i < sent.size(); i++) {
            Frame f = got.get(i);
            Sent s = sent.get(i);
            try {
                assertThat(f.opcode()).as("opcode of frame %d", i).isEqualTo(s.opcode());
                assertThat(f.requestId()).as("request id of frame %d", i).isEqualTo(s.requestId());
                assertThat(Arrays.equals(Frames.bytes(f.body()), s.body())).as("body of frame %d", i).isTrue();
                assertThat(f.wireSize()).isEqualTo(Frame.LENGTH_FIELD + Frame.HEADER_AFTER_LENGTH + s.body().length);
            } finally {
                f.release();
            }
        }
    }
}
