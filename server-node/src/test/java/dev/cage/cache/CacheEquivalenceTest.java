package dev.cage.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.OpenMode;
import dev.cage.server.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cache on and cache off give the same bytes, and both match an in-memory model, over a randomized mix
 * of reads, writes, truncates, page-level I/O and pushes. The cached client is small (a few pages) so
 * eviction and write-back happen all the time; its page size does not divide the file sizes.
 */
class CacheEquivalenceTest {
    private static final int PAGE = 1024;

    @TempDir
    static Path tmp;
    static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(tmp, b -> b.journal(null)); // the cache is under test, not the journal
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @ParameterizedTest(name = "seed {0}")
    @org.junit.jupiter.params.provider.MethodSource("seeds")
    void randomOperations_cacheOnAndOff_giveIdenticalBytes(long seed) throws Exception {
        Random rnd = new Random(seed);
        try (Cage cached = node.clientBuilder("s").pageSize(PAGE).pageCount(6).build();
             Cage direct = node.clientBuilder("s").pageCount(0).build()) {
            String a = "eq-" + seed + "-cached";
            String b = "eq-" + seed + "-direct";
            CageChannel ca = cached.open("s", a, OpenMode.EXCLUSIVE, true);
            CageChannel cb = direct.open("s", b, OpenMode.EXCLUSIVE, true);
            byte[] model = new byte[0];
            for (int step = 0; step < 400; step++) {
                int op = rnd.nextInt(10);
                long offset = rnd.nextInt(12 * PAGE + 300);
                int length = rnd.nextInt(4 * PAGE + 77);
                if (op < 4) {
                    byte[] data = new byte[length];
                    rnd.nextBytes(data);
                    cached.write(ca, offset, data);
                    direct.write(cb, offset, data);
                    model = apply(model, offset, data);
                } else if (op < 7) {
                    byte[] x = cached.read(ca, offset, length);
                    byte[] y = direct.read(cb, offset, length);
                    byte[] expected = slice(model, offset, length);
                    assertSameBytes(x, expected, "cached read at " + offset + "+" + length + ", seed " + seed + " step " + step);
                    assertSameBytes(y, expected, "direct read at " + offset + "+" + length + ", seed " + seed + " step " + step);
                } else if (op == 7) {
                    long size = rnd.nextInt(10 * PAGE + 500);
                    cached.truncate(ca, size);
                    direct.truncate(cb, size);
                    model = Arrays.copyOf(model, (int) size);
                } else if (op == 8) {
                    long pageNo = rnd.nextInt(10);
                    if (rnd.nextBoolean()) {
                        assertThat(cached.readPage(ca, pageNo)).isEqualTo(slice(model, pageNo * PAGE, PAGE));
                    } else {
                        byte[] page = new byte[rnd.nextBoolean() ? PAGE : rnd.nextInt(PAGE)];
                        rnd.nextBytes(page);
                        cached.writePage(ca, pageNo, page);
                        direct.write(cb, pageNo * PAGE, page);
                        model = apply(model, pageNo * PAGE, page);
                    }
                } else {
                    cached.putPages(ca);
                }
            }
            cached.close(ca);
            direct.close(cb);
            assertThat(Files.readAllBytes(node.root().resolve(a))).isEqualTo(model);
            assertThat(Files.readAllBytes(node.root().resolve(b))).isEqualTo(model);
            assertThat(cached.cacheStats().evictions()).isPositive();
        }
    }

    static java.util.stream.LongStream seeds() {
        return java.util.stream.LongStream.rangeClosed(1, 40);
    }

    @ParameterizedTest(name = "page size {0}")
    @ValueSource(ints = {512, 4096, 65536})
    void zeroLengthFile_readsEmpty_andGrowsFromNothing(int pageSize) throws Exception {
        try (Cage cage = node.clientBuilder("s").pageSize(pageSize).pageCount(8).build()) {
            String name = "zero-" + pageSize;
            CageChannel ch = cage.open("s", name, OpenMode.EXCLUSIVE, true);
            assertThat(cage.read(ch, 0, 100)).isEmpty();
            assertThat(cage.readPage(ch, 0)).isEmpty();
            cage.write(ch, pageSize + 3, new byte[] {7});
            byte[] expected = new byte[pageSize + 4];
            expected[pageSize + 3] = 7;
            assertThat(cage.read(ch, 0, pageSize * 4)).isEqualTo(expected);
            cage.close(ch);
            assertThat(Files.readAllBytes(node.root().resolve(name))).isEqualTo(expected);
        }
    }

    /** Fails naming the first differing byte, instead of printing both arrays. */
    static void assertSameBytes(byte[] actual, byte[] expected, String what) {
        int n = Math.min(actual.length, expected.length);
        for (int i = 0; i < n; i++) {
            if (actual[i] != expected[i]) {
                throw new AssertionError(what + ": first difference at byte " + i + " (got " + actual[i] + ", expected "
                    + expected[i] + "); lengths " + actual.length + " and " + expected.length);
            }
        }
        if (actual.length != expected.length) {
            throw new AssertionError(what + ": length " + actual.length + ", expected " + expected.length);
        }
    }

    static byte[] apply(byte[] model, long offset, byte[] data) {
        int end = (int) offset + data.length;
        byte[] out = end > model.length ? Arrays.copyOf(model, end) : model;
        System.arraycopy(data, 0, out, (int) offset, data.length);
        return out;
    }

    static byte[] slice(byte[] model, long offset, int length) {
        return offset >= model.length ? new byte[0]
            : Arrays.copyOfRange(model, (int) offset, (int) Math.min(model.length, offset + length));
    }
}
