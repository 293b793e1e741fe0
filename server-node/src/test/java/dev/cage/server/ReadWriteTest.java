package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.OpenMode;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bytes read back equal bytes written, checked against an in-memory model of every file. */
class ReadWriteTest {
    @TempDir
    Path tmp;

    @Test
    void randomReadsAndWrites_manyChannelsOnTwoServers_matchTheModel() throws Exception {
        try (TestNode a = TestNode.start(tmp.resolve("a"));
             TestNode b = TestNode.start(tmp.resolve("b"));
             Cage cage = Cage.builder().server("a", a.spec()).server("b", b.spec()).build()) {
            Random rnd = new Random(42);
            List<CageChannel> channels = new ArrayList<>();
            List<byte[]> models = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                channels.add(cage.open(i % 2 == 0 ? "a" : "b", "dir" + i + ".bin", OpenMode.EXCLUSIVE, true));
                models.add(new byte[0]);
            }
            for (int step = 0; step < 600; step++) {
                int i = rnd.nextInt(channels.size());
                CageChannel ch = channels.get(i);
                byte[] model = models.get(i);
                long offset = rnd.nextInt(1 << 18);
                int length = rnd.nextInt(4) == 0 ? rnd.nextInt(3 << 20) : rnd.nextInt(9000);
                if (rnd.nextBoolean()) {
                    byte[] data = new byte[length];
                    rnd.nextBytes(data);
                    cage.write(ch, offset, data);
                    model = apply(model, offset, data);
                    models.set(i, model);
                } else {
                    byte[] expected = offset >= model.length ? new byte[0]
                        : Arrays.copyOfRange(model, (int) offset, (int) Math.min(model.length, offset + length));
                    assertThat(cage.read(ch, offset, length)).as("step %d channel %d", step, i).isEqualTo(expected);
                }
            }
            for (int i = 0; i < channels.size(); i++) {
                cage.close(channels.get(i));
                Path onDisk = (i % 2 == 0 ? a : b).root().resolve("dir" + i + ".bin");
                assertThat(Files.readAllBytes(onDisk)).isEqualTo(models.get(i));
            }
        }
    }

    @Test
    void seekableByteChannel_positionReadWriteTruncate_followTheJdkContract() throws Exception {
        try (TestNode n = TestNode.start(tmp); Cage cage = n.client("s")) {
            CageChannel ch = cage.open("s", "nio.txt", OpenMode.SHARED_WRITE, true);
            ch.write(ByteBuffer.wrap("hello world".getBytes()));
            assertThat(ch.position()).isEqualTo(11);
            assertThat(ch.size()).isEqualTo(11);
            ch.position(6);
            ByteBuffer buf = ByteBuffer.allocate(100);
            assertThat(ch.read(buf)).isEqualTo(5);
            assertThat(new String(buf.array(), 0, 5)).isEqualTo("world");
            assertThat(ch.read(ByteBuffer.allocate(10))).isEqualTo(-1);
            ch.truncate(5);
            assertThat(ch.size()).isEqualTo(5);
            assertThat(ch.position()).isEqualTo(5);
            ch.truncate(50); // never grows, as the JDK says
            assertThat(ch.size()).isEqualTo(5);
            ch.close();
            assertThat(ch.isOpen()).isFalse();
            assertThat(Files.readString(n.root().resolve("nio.txt"))).isEqualTo("hello");
        }
    }

    @Test
    void truncate_growsWithZerosAndShrinks() throws Exception {
        try (TestNode n = TestNode.start(tmp); Cage cage = n.client("s")) {
            CageChannel ch = cage.open("s", "t.bin", OpenMode.EXCLUSIVE, true);
            cage.write(ch, 0, new byte[] {1, 2, 3});
            cage.truncate(ch, 6);
            assertThat(cage.read(ch, 0, 10)).containsExactly(1, 2, 3, 0, 0, 0);
            cage.truncate(ch, 2);
            assertThat(cage.read(ch, 0, 10)).containsExactly(1, 2);
            long v1 = cage.stat(ch).version();
            cage.write(ch, 0, new byte[] {9});
            assertThat(cage.stat(ch).version()).isGreaterThan(v1);
        }
    }

    @Test
    void emptyFile_readsAsEmpty() throws Exception {
        try (TestNode n = TestNode.start(tmp); Cage cage = n.client("s")) {
            cage.create("s", "empty");
            CageChannel ch = cage.open("s", "empty", OpenMode.SHARED_READ);
            assertThat(cage.read(ch, 0, 4096)).isEmpty();
            assertThat(cage.read(ch, 1_000_000, 10)).isEmpty();
        }
    }

    private static byte[] apply(byte[] model, long offset, byte[] data) {
        int end = (int) offset + data.length;
        byte[] out = end > model.length ? Arrays.copyOf(model, end) : model;
        System.arraycopy(data, 0, out, (int) offset, data.length);
        return out;
    }
}
