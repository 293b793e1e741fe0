package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.ChannelClosedException;
import dev.cage.protocol.InvalidArgumentException;
import dev.cage.protocol.Opcode;
import dev.cage.protocol.OpenMode;
import dev.cage.protocol.Protocol;
import dev.cage.protocol.ReadOnlyChannelException;
import dev.cage.protocol.Status;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Requests that parse but ask for something not allowed: a negative offset, a read over the limit, a write
 * on a read-only channel, a closed or foreign handle. Through the client where it lets them through (and
 * its own checks where it does not), and as raw frames for the server's checks. Each fails alone: the
 * session that sent it keeps working, and so does a session opened before.
 */
class DataRequestChecksTest {
    @RegisterExtension
    static final NodeUnderAttack NODE = new NodeUnderAttack();
    static TestNode node;
    static Cage cage;
    static int maxData;

    @BeforeAll
    static void start() throws IOException {
        node = NODE.node();
        cage = node.client("n");
        maxData = node.node().config().maxFrameSize() - Protocol.DATA_OVERHEAD;
        Files.write(node.root().resolve("ten.bin"), new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    }

    @AfterAll
    static void stop() {
        cage.close();
    }

    // ---- through the client ----

    @Test
    void clientReadOrWrite_negativeOffset_throwsInvalidArgument() throws IOException {
        CageChannel ch = cage.open("n", "neg.bin", OpenMode.EXCLUSIVE, true);
        try {
            assertThatThrownBy(() -> cage.read(ch, -1, 10)).isInstanceOfSatisfying(InvalidArgumentException.class,
                e -> assertThat(e.status()).isEqualTo(Status.INVALID_ARGUMENT));
            assertThatThrownBy(() -> cage.write(ch, -1, new byte[1])).isInstanceOf(InvalidArgumentException.class);
            assertThatThrownBy(() -> cage.truncate(ch, -1)).isInstanceOf(InvalidArgumentException.class);
            cage.write(ch, 0, new byte[] {1}); // the channel is still usable
        } finally {
            cage.close(ch);
        }
    }

    @Test
    void clientWrite_sharedReadChannel_throwsReadOnlyChannelAndFileIsUnchanged() throws IOException {
        CageChannel ch = cage.open("n", "ten.bin", OpenMode.SHARED_READ);
        try {
            assertThatThrownBy(() -> cage.write(ch, 0, new byte[] {42})).isInstanceOfSatisfying(
                ReadOnlyChannelException.class, e -> assertThat(e.status()).isEqualTo(Status.READ_ONLY_CHANNEL));
            assertThatThrownBy(() -> cage.truncate(ch, 0)).isInstanceOf(ReadOnlyChannelException.class);
            assertThatThrownBy(() -> ch.write(ByteBuffer.wrap(new byte[] {42}))).isInstanceOf(NonWritableChannelException.class);

            assertThat(cage.read(ch, 0, 10)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        } finally {
            cage.close(ch);
        }
    }

    @Test
    void clientRequest_closedChannel_throwsChannelClosed() throws IOException {
        CageChannel ch = cage.open("n", "ten.bin", OpenMode.SHARED_READ);
        cage.close(ch);

        assertThatThrownBy(() -> cage.read(ch, 0, 1)).isInstanceOfSatisfying(ChannelClosedException.class,
            e -> assertThat(e.status()).isEqualTo(Status.CHANNEL_CLOSED));
        assertThatThrownBy(() -> cage.stat(ch)).isInstanceOf(ChannelClosedException.class);
        cage.close(ch); // closing twice does nothing
    }

    // ---- raw frames, for the server's own checks ----

    @Test
    void read_negativeOffset_invalidArgumentAndSessionLives() throws IOException {
        try (RawConnection c = RawLogin.session(node)) {
            long h = RawLogin.open(c, "ten.bin", OpenMode.SHARED_READ.code(), false);

            assertThat(c.callExpectingError(Opcode.READ, read(h, -1, 1))).isEqualTo(Status.INVALID_ARGUMENT.code());
            assertThat(c.callExpectingError(Opcode.READ, read(h, Long.MIN_VALUE, 1))).isEqualTo(Status.INVALID_ARGUMENT.code());
            assertStillServes(c, h);
        }
    }

    @Test
    void write_negativeOrOverflowingOffset_invalidArgument() throws IOException {
        try (RawConnection c = RawLogin.session(node)) {
            long h = RawLogin.open(c, "w.bin", OpenMode.EXCLUSIVE.code(), true);

            assertThat(c.callExpectingError(Opcode.WRITE, write(h, -1, 4))).isEqualTo(Status.INVALID_ARGUMENT.code());
            assertThat(c.callExpectingError(Opcode.WRITE, write(h, Long.MAX_VALUE - 1, 4))).isEqualTo(Status.INVALID_ARGUMENT.code());
            assertStillServes(c, h);
        }
    }

    @Test
    void read_lengthOverTheMaximumOrNegative_invalidArgument() throws IOException {
        try (RawConnection c = RawLogin.session(node)) {
            long h = RawLogin.open(c, "ten.bin", OpenMode.SHARED_READ.code(), false);

            for (int length : new int[] {maxData + 1, Integer.MAX_VALUE, -1, Integer.MIN_VALUE}) {
                assertThat(c.callExpectingError(Opcode.READ, read(h, 0, length))).as("length %d", length)
                    .isEqualTo(Status.INVALID_ARGUMENT.code());
            }
            assertThat(c.call(Opcode.READ, read(h, 0, maxData)).okBody().skipBytes(8).readableBytes()).isEqualTo(10);
        }
    }

    @Test
    void truncate_negativeSize_invalidArgument() throws IOException {
        try (RawConnection c = RawLogin.session(node)) {
            long h = RawLogin.open(c, "t.bin", OpenMode.EXCLUSIVE.code(), true);

            assertThat(c.callExpectingError(Opcode.TRUNCATE, RawFrames.body(b -> b.writeLong(h).writeLong(-5))))
                .isEqualTo(Status.INVALID_ARGUMENT.code());
            assertStillServes(c, h);
        }
    }

    @Test
    void writeOrTruncate_sharedReadHandle_readOnlyChannel() throws IOException {
        try (RawConnection c = RawLogin.session(node)) {
            long h = RawLogin.open(c, "ten.bin", OpenMode.SHARED_READ.code(), false);

            assertThat(c.callExpectingError(Opcode.WRITE, write(h, 0, 3))).isEqualTo(Status.READ_ONLY_CHANNEL.code());
            assertThat(c.callExpectingError(Opcode.TRUNCATE, RawFrames.body(b -> b.writeLong(h).writeLong(0))))
                .isEqualTo(Status.READ_ONLY_CHANNEL.code());
            assertThat(Files.readAllBytes(node.root().resolve("ten.bin"))).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
            assertStillServes(c, h);
        }
    }

    @Test
    void request_closedHandle_channelClosed() throws IOException {
        try (RawConnection c = RawLogin.session(node)) {
            long h = RawLogin.open(c, "ten.bin", OpenMode.SHARED_READ.code(), false);
            c.call(Opcode.CLOSE, handle(h)).okBody();

            assertThat(c.callExpectingError(Opcode.READ, read(h, 0, 1))).isEqualTo(Status.CHANNEL_CLOSED.code());
            assertThat(c.callExpectingError(Opcode.WRITE, write(h, 0, 1))).isEqualTo(Status.CHANNEL_CLOSED.code());
            assertThat(c.callExpectingError(Opcode.FSTAT, handle(h))).isEqualTo(Status.CHANNEL_CLOSED.code());
            assertThat(c.callExpectingError(Opcode.SYNC, handle(h))).isEqualTo(Status.CHANNEL_CLOSED.code());
            assertThat(c.callExpectingError(Opcode.CLOSE, handle(h))).isEqualTo(Status.CHANNEL_CLOSED.code());
            assertStillServes(c, RawLogin.open(c, "ten.bin", OpenMode.SHARED_READ.code(), false));
        }
    }

    @Test
    void request_madeUpOrOtherSessionsHandle_channelClosed() throws IOException {
        try (RawConnection owner = RawLogin.session(node); RawConnection thief = RawLogin.session(node)) {
            long h = RawLogin.open(owner, "ten.bin", OpenMode.SHARED_WRITE.code(), false);

            for (long stolen : new long[] {h, h + 1000, -1, 0, Long.MAX_VALUE}) {
                assertThat(thief.callExpectingError(Opcode.READ, read(stolen, 0, 1))).as("handle %d", stolen)
                    .isEqualTo(Status.CHANNEL_CLOSED.code());
                assertThat(thief.callExpectingError(Opcode.WRITE, write(stolen, 0, 1))).as("handle %d", stolen)
                    .isEqualTo(Status.CHANNEL_CLOSED.code());
            }
            assertThat(Files.readAllBytes(node.root().resolve("ten.bin"))).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
            assertStillServes(owner, h);
        }
    }

    /** The session still answers: a one-byte read on the handle succeeds. */
    private static void assertStillServes(RawConnection c, long handle) throws IOException {
        c.call(Opcode.READ, read(handle, 0, 1)).okBody();
    }

    private static byte[] handle(long h) {
        return RawFrames.body(b -> b.writeLong(h));
    }

    private static byte[] read(long h, long offset, int length) {
        return RawFrames.body(b -> b.writeLong(h).writeLong(offset).writeInt(length));
    }

    private static byte[] write(long h, long offset, int dataBytes) {
        return RawFrames.body(b -> b.writeLong(h).writeLong(offset).writeBytes(new byte[dataBytes]));
    }
}
