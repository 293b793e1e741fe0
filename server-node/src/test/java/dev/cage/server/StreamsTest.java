package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.client.CageInputStream;
import dev.cage.client.CageOutputStream;
import dev.cage.protocol.CageException;
import dev.cage.protocol.ChannelClosedException;
import dev.cage.protocol.OpenMode;
import dev.cage.protocol.ReadOnlyChannelException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Cage#outputStream} and {@link Cage#inputStream}: write-behind and read-ahead over a real node. */
class StreamsTest {
    @TempDir
    Path tmp;

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Writes {@code data} in uneven pieces, so chunks fill across calls. */
    private static void writeInPieces(CageOutputStream out, byte[] data) throws IOException {
        for (int at = 0, piece = 100_003; at < data.length; at += piece) {
            out.write(data, at, Math.min(piece, data.length - at));
        }
    }

    private static byte[] readAll(CageInputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[77_777];
        for (int n; (n = in.read(buf, 0, buf.length)) >= 0; ) {
            all.write(buf, 0, n);
        }
        return all.toByteArray();
    }

    @Test
    void streams_withoutCache_moveEveryByteAndOnlyThose() throws Exception {
        byte[] data = random(5 * (1 << 20) + 12_345, 1);
        try (TestNode n = TestNode.start(tmp); Cage cage = n.clientBuilder("a").pageCount(0).build()) {
            CageChannel ch = cage.open("a", "big.bin", OpenMode.EXCLUSIVE, true);
            try (CageOutputStream out = cage.outputStream(ch, 0, 3)) {
                writeInPieces(out, data);
                assertThat(out.position()).isEqualTo(data.length);
            }
            // Acknowledged at close: the node's file holds the bytes.
            assertThat(Files.readAllBytes(n.root().resolve("big.bin"))).isEqualTo(data);
            try (CageInputStream in = cage.inputStream(ch, 0, 3)) {
                assertThat(readAll(in)).isEqualTo(data);
                assertThat(in.read()).isEqualTo(-1);
            }
            try (CageInputStream in = cage.inputStream(ch, 1_234_567)) {
                assertThat(readAll(in)).isEqualTo(Arrays.copyOfRange(data, 1_234_567, data.length));
            }
            cage.close(ch);
        }
    }

    @Test
    void streams_smallFramesAndAFileOfWholeChunks_endExactlyAtTheEnd() throws Exception {
        byte[] data = random(2 << 20, 2); // ends on a chunk boundary: the last READ ahead answers empty
        try (TestNode n = TestNode.start(tmp);
             Cage cage = n.clientBuilder("a").pageCount(0).maxMessageSize((64 << 10) + 64).build()) {
            CageChannel ch = cage.open("a", "f.bin", OpenMode.EXCLUSIVE, true);
            try (CageOutputStream out = cage.outputStream(ch, 0, 1)) {
                writeInPieces(out, data);
            }
            try (CageInputStream in = cage.inputStream(ch, 0, 5)) {
                assertThat(readAll(in)).isEqualTo(data);
            }
            CageChannel empty = cage.open("a", "empty.bin", OpenMode.EXCLUSIVE, true);
            try (CageInputStream in = cage.inputStream(empty, 0)) {
                assertThat(in.read()).isEqualTo(-1);
            }
        }
    }

    @Test
    void outputStream_withPageCache_writesThroughTheCacheAndFlushPushesToOtherClients() throws Exception {
        byte[] data = random(3 * (1 << 20) + 5, 3);
        try (TestNode n = TestNode.start(tmp); Cage cached = n.clientBuilder("a").pageCount(256).build();
             Cage other = n.client("a")) {
            CageChannel ch = cached.open("a", "c.bin", OpenMode.SHARED_WRITE, true);
            CageOutputStream out = cached.outputStream(ch, 0);
            writeInPieces(out, data);
            out.flush();
            CageChannel theirs = other.open("a", "c.bin", OpenMode.SHARED_WRITE);
            assertThat(other.read(theirs, 0, data.length)).isEqualTo(data);
            out.close();
            try (CageInputStream in = cached.inputStream(ch, 0)) {
                assertThat(readAll(in)).isEqualTo(data);
            }
        }
    }

    @Test
    void channel_asByteChannel_movesHeapSlicesAndDirectBuffersExactly() throws Exception {
        byte[] data = random(300_000, 6);
        try (TestNode n = TestNode.start(tmp); Cage cage = n.clientBuilder("a").pageCount(0).build()) {
            CageChannel ch = cage.open("a", "b.bin", OpenMode.EXCLUSIVE, true);
            ByteBuffer heap = ByteBuffer.wrap(new byte[data.length + 20], 10, data.length).slice(); // array offset 10
            heap.put(data).flip();
            assertThat(ch.write(heap)).isEqualTo(data.length);
            assertThat(heap.hasRemaining()).isFalse();
            ByteBuffer direct = ByteBuffer.allocateDirect(1000).put(data, 0, 1000).flip();
            assertThat(ch.write(direct)).isEqualTo(1000);
            ch.position(0);
            ByteBuffer back = ByteBuffer.wrap(new byte[data.length + 50], 7, data.length).slice();
            while (back.hasRemaining()) {
                assertThat(ch.read(back)).isPositive();
            }
            assertThat(Arrays.copyOfRange(back.array(), back.arrayOffset(), back.arrayOffset() + data.length)).isEqualTo(data);
            ByteBuffer tail = ByteBuffer.allocateDirect(1000);
            while (tail.hasRemaining()) {
                assertThat(ch.read(tail)).isPositive();
            }
            byte[] tailBytes = new byte[1000];
            tail.flip().get(tailBytes);
            assertThat(tailBytes).isEqualTo(Arrays.copyOf(data, 1000));
            assertThat(ch.read(ByteBuffer.allocate(10))).isEqualTo(-1);
        }
    }

    @Test
    void streams_refuseWhatTheChannelCannotDo() throws Exception {
        Files.write(tmp.resolve("seed.bin"), new byte[10]);
        try (TestNode n = TestNode.start(tmp); Cage cage = n.clientBuilder("a").pageCount(0).build()) {
            CageChannel ch = cage.open("a", "r.bin", OpenMode.EXCLUSIVE, true);
            cage.close(ch);
            CageChannel reader = cage.open("a", "r.bin", OpenMode.SHARED_READ);
            assertThatThrownBy(() -> cage.outputStream(reader, 0)).isInstanceOf(ReadOnlyChannelException.class);
            assertThatThrownBy(() -> cage.inputStream(reader, -1)).isInstanceOf(CageException.class)
                .hasMessageContaining("negative position");
            CageChannel writer = cage.open("a", "w.bin", OpenMode.EXCLUSIVE, true);
            CageOutputStream out = cage.outputStream(writer, 0);
            cage.close(writer);
            assertThatThrownBy(() -> out.write(new byte[10])).isInstanceOf(ChannelClosedException.class);
        }
    }

    @Test
    void outputStream_nodeGoneMidStream_reportsTheLossInsteadOfSuccess() throws Exception {
        byte[] mib = random(1 << 20, 4);
        try (TestNode n = TestNode.start(tmp);
             Cage cage = n.clientBuilder("a").pageCount(0).responseTimeout(Duration.ofSeconds(2)).build()) {
            CageChannel ch = cage.open("a", "gone.bin", OpenMode.EXCLUSIVE, true);
            CageOutputStream out = cage.outputStream(ch, 0, 2);
            out.write(mib);
            out.flush();
            n.stop();
            assertThatThrownBy(() -> {
                for (int i = 0; i < 4; i++) {
                    out.write(mib);
                }
                out.close();
            }).isInstanceOf(CageException.class);
            // What was acknowledged before the node went is on its disk.
            assertThat(Arrays.copyOf(Files.readAllBytes(n.root().resolve("gone.bin")), mib.length)).isEqualTo(mib);
        }
    }
}
