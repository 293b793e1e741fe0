package dev.cage.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;

/**
 * Coverage-guided fuzzing of {@link FrameDecoder} (issue 18): any bytes, cut into any chunks, with the limit changed
 * between chunks as a server raises it after login. The decoder must deliver exactly the frames
 * {@link ReferenceFramer} reads from the same chunks, or fail with the {@link FrameException} and status the layout
 * calls for, in the chunk where the stream breaks, and then drop everything; no other exception. It must allocate
 * nothing for what a peer merely declares: an array is at most twice the bytes received (Netty's cumulation rounds up
 * to a power of two), or, once {@link FrameDecoder#OWN_BUFFER_AFTER} bytes are in, at most the frame limit. Every
 * buffer it allocated or was given is released once the frames are and the channel is closed.
 *
 * <p>The input, read by {@link FuzzInput}: {@code u24 limit} (the first limit is {@code 5 + limit % 2^18}), then
 * operations, each a {@code u8 kind} and, by {@code kind % 4}:
 * <pre>
 *   0 CHUNK     u16 n, n bytes      one read of those bytes
 *   1 FILL      u24 n, u8 b         one read of (n % 3 * 2^16) + 1 bytes b: large frames from short inputs
 *   2 BYTEWISE  u8 n, n bytes       n reads of one byte each
 *   3 LIMIT     u24 m               maxFrameSize(5 + m % 2^18) before the next read
 * </pre>
 * Seeds (valid HELLO, READ and WRITE frames, a frame larger than 64 KiB, lies about lengths and opcodes) are in
 * {@code src/test/resources/dev/cage/protocol/FrameDecoderFuzzTestInputs/}. The slow profile fuzzes this test for
 * 1,000,000 inputs (see this module's pom).
 */
class FrameDecoderFuzzTest {
    private static final int LIMIT_RANGE = 1 << 18;
    private static final int FILL_RANGE = 3 << 16;

    @Tag("fuzz-frame-decoder") // picks this test for its fuzzing execution in the slow profile (see the pom)
    @FuzzTest(maxDuration = "4m")
    void decode_anyBytesInAnyChunks_framesAsLaidOutOrFrameException(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        int limit = Frame.HEADER_AFTER_LENGTH + in.u24() % LIMIT_RANGE;
        Run run = new Run(limit);
        while (in.hasMore()) {
            switch (in.u8() % 4) {
                case 0 -> run.read(in.bytes(in.u16()));
                case 1 -> {
                    byte[] fill = new byte[in.u24() % FILL_RANGE + 1];
                    Arrays.fill(fill, (byte) in.u8());
                    run.read(fill);
                }
                case 2 -> {
                    for (byte b : in.bytes(in.u8())) {
                        run.read(new byte[] {b});
                    }
                }
                default -> run.limit(Frame.HEADER_AFTER_LENGTH + in.u24() % LIMIT_RANGE);
            }
        }
        run.finish();
    }

    /** One input: the decoder on an embedded channel beside the reference, and what both have done so far. */
    private static final class Run {
        private final TrackingAllocator alloc = new TrackingAllocator();
        private final FrameDecoder decoder;
        private final EmbeddedChannel channel = new EmbeddedChannel();
        private final ReferenceFramer reference;
        private final List<ByteBuf> given = new ArrayList<>();
        private long received;
        private int largestLimit;

        Run(int limit) {
            decoder = new FrameDecoder(limit);
            reference = new ReferenceFramer(limit);
            largestLimit = limit;
            channel.config().setAllocator(alloc);
            channel.pipeline().addLast(decoder);
            alloc.budget(size -> size <= 2 * received + 64
                || received >= FrameDecoder.OWN_BUFFER_AFTER && size <= largestLimit);
        }

        void limit(int max) {
            decoder.maxFrameSize(max);
            reference.maxFrameSize(max);
            largestLimit = Math.max(largestLimit, max);
        }

        void read(byte[] chunk) {
            received += chunk.length;
            ReferenceFramer.Outcome expected = reference.accept(chunk);
            // (Not wrappedBuffer for an empty chunk: that is Netty's shared empty buffer, which never counts down.)
            ByteBuf buf = chunk.length == 0 ? Unpooled.buffer(0) : Unpooled.wrappedBuffer(chunk);
            given.add(buf);
            Throwable thrown = null;
            try {
                channel.writeInbound(buf);
            } catch (Throwable t) {
                thrown = t;
            }
            List<Frame> frames = new ArrayList<>();
            Frames.drain(channel, frames);
            try {
                check(expected, frames, thrown);
            } finally {
                frames.forEach(Frame::release);
            }
            if (alloc.overBudget() != null) {
                fail("the decoder allocated %s with %d bytes received (largest limit %d)",
                    alloc.overBudget(), received, largestLimit);
            }
        }

        private void check(ReferenceFramer.Outcome expected, List<Frame> frames, Throwable thrown) {
            assertThat(frames).as("frames decoded from this chunk").hasSameSizeAs(expected.frames());
            for (int i = 0; i < frames.size(); i++) {
                Frame f = frames.get(i);
                assertThat(expected.frames().get(i).matches(f)).as("frame %d: %s, expected %s", i, f,
                    expected.frames().get(i)).isTrue();
            }
            if (expected.error() == null) {
                if (thrown != null) {
                    throw new AssertionError("no error was due in this chunk, but the decoder threw", thrown);
                }
                return;
            }
            if (!(thrown instanceof FrameException fe)) {
                throw new AssertionError("expected a FrameException with " + expected.error() + ", got " + thrown, thrown);
            }
            assertThat(fe.status()).as("status of %s", fe.getMessage()).isEqualTo(expected.error());
            assertThat(decoder.failed()).as("decoder failed after its exception").isTrue();
        }

        void finish() {
            assertThat(channel.finish()).as("frames left in the channel after close").isFalse();
            assertThat(alloc.unreleased()).as("decoder's buffers still held after close").isEmpty();
            assertThat(given).as("chunks the decoder still holds after close").allSatisfy(
                b -> assertThat(b.refCnt()).isZero());
        }
    }
}
