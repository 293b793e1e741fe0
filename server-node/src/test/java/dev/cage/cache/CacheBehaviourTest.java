package dev.cage.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cage.client.Cage;
import dev.cage.client.CacheStats;
import dev.cage.client.CageChannel;
import dev.cage.protocol.OpenMode;
import dev.cage.server.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hits, misses, eviction write-back, read-ahead and whole-page writes, counted. */
class CacheBehaviourTest {
    private static final int PAGE = 4096;

    @TempDir
    static Path tmp;
    static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(tmp);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    /**
     * A file closed after a write and opened again unchanged keeps its version, so the pages this client cached stay
     * good. (The node once took versions from a millisecond clock, older than the write's modified time about one
     * time in five, and the reopen then dropped every cached page.)
     */
    @Test
    void reopenedUnchangedFile_keepsItsVersion_andItsCachedPages() throws Exception {
        try (Cage cage = node.clientBuilder("s").pageSize(PAGE).pageCount(64).build()) {
            byte[] data = new byte[4 * PAGE];
            for (int round = 0; round < 40; round++) {
                java.util.Arrays.fill(data, (byte) round);
                CageChannel w = cage.open("s", "reopen.bin", OpenMode.SHARED_WRITE, true);
                cage.write(w, 0, data);
                cage.putPages(w);
                long written = cage.stat(w).version();
                cage.close(w);
                assertThat(cage.stat("s", "reopen.bin").version()).as("round %d: version after the last close", round)
                    .isEqualTo(written);
                CacheStats before = cage.cacheStats();
                CageChannel r = cage.open("s", "reopen.bin", OpenMode.SHARED_READ);
                assertThat(cage.read(r, 0, data.length)).isEqualTo(data);
                cage.close(r);
                CacheStats after = cage.cacheStats();
                assertThat(after.invalidations()).as("round %d: pages dropped at reopen", round).isEqualTo(before.invalidations());
                assertThat(after.misses()).as("round %d: pages read again", round).isEqualTo(before.misses());
            }
        }
    }

    @Test
    void eviction_writesDirtyPagesBackBeforeTheyLeave() throws Exception {
        try (Cage cage = node.clientBuilder("s").pageSize(PAGE).pageCount(4).build()) {
            CageChannel ch = cage.open("s", "evict.bin", OpenMode.EXCLUSIVE, true);
            byte[] data = new byte[40 * PAGE];
            new Random(3).nextBytes(data);
            for (int p = 0; p < 40; p++) {
                cage.writePage(ch, p, java.util.Arrays.copyOfRange(data, p * PAGE, (p + 1) * PAGE));
            }
            CacheStats s = cage.cacheStats();
            assertThat(s.evictions()).isGreaterThanOrEqualTo(36);
            assertThat(s.writeBacks()).isGreaterThanOrEqualTo(36);
            assertThat(s.pagesCached()).isLessThanOrEqualTo(4);
            // Without any explicit push, every evicted page is already on the server's disk.
            byte[] onDisk = Files.readAllBytes(node.root().resolve("evict.bin"));
            int pushedPages = onDisk.length / PAGE;
            assertThat(pushedPages).isGreaterThanOrEqualTo(36);
            assertThat(cage.read(ch, 0, data.length)).isEqualTo(data);
            cage.close(ch);
            assertThat(Files.readAllBytes(node.root().resolve("evict.bin"))).isEqualTo(data);
        }
    }

    @Test
    void putPages_withReadOnlyChannelsOnTheSameFile_pushesThroughTheWritableOne() throws Exception {
        try (Cage cage = node.clientBuilder("s").pageSize(PAGE).pageCount(64).build()) {
            CageChannel w = cage.open("s", "mixed.bin", OpenMode.SHARED_WRITE, true);
            for (int i = 0; i < 8; i++) {
                cage.open("s", "mixed.bin", OpenMode.SHARED_READ); // pushing through one of these would be refused
            }
            for (int i = 0; i < 5; i++) {
                cage.write(w, (long) i * PAGE, new byte[] {(byte) (i + 1)});
                cage.putPages(w);
                assertThat(Files.readAllBytes(node.root().resolve("mixed.bin"))[i * PAGE]).isEqualTo((byte) (i + 1));
            }
        }
    }

    @Test
    void repeatedReads_areServedFromTheCache() throws Exception {
        Files.write(node.root().resolve("hot.bin"), new byte[10 * PAGE]);
        try (Cage cage = node.clientBuilder("s").pageSize(PAGE).pageCount(64).build()) {
            CageChannel ch = cage.open("s", "hot.bin", OpenMode.SHARED_READ);
            cage.read(ch, 3 * PAGE, PAGE);
            long misses = cage.cacheStats().misses();
            for (int i = 0; i < 50; i++) {
                cage.read(ch, 3 * PAGE + 100, 200);
            }
            CacheStats s = cage.cacheStats();
            assertThat(s.misses()).isEqualTo(misses);
            assertThat(s.hits()).isGreaterThanOrEqualTo(50);
        }
    }

    @Test
    void sequentialReads_fetchAhead() throws Exception {
        byte[] data = new byte[64 * PAGE];
        new Random(5).nextBytes(data);
        Files.write(node.root().resolve("seq.bin"), data);
        try (Cage cage = node.clientBuilder("s").pageSize(PAGE).pageCount(256).build()) {
            CageChannel ch = cage.open("s", "seq.bin", OpenMode.SHARED_READ);
            java.io.ByteArrayOutputStream back = new java.io.ByteArrayOutputStream();
            for (int p = 0; p < 64; p++) {
                back.write(cage.readPage(ch, p));
            }
            assertThat(back.toByteArray()).isEqualTo(data);
            // Read-ahead brought most pages in before they were asked for.
            assertThat(cage.cacheStats().misses()).isLessThanOrEqualTo(16);
        }
    }

    @Test
    void wholePageWrites_doNotReadThePageFirst() throws Exception {
        Files.write(node.root().resolve("overwrite.bin"), new byte[8 * PAGE]);
        try (Cage cage = node.clientBuilder("s").pageSize(PAGE).pageCount(64).build()) {
            CageChannel ch = cage.open("s", "overwrite.bin", OpenMode.EXCLUSIVE);
            cage.write(ch, 0, new byte[8 * PAGE]);
            assertThat(cage.cacheStats().misses()).isZero();
            cage.write(ch, 10, new byte[5]); // inside a cached page: still no fetch
            assertThat(cage.cacheStats().misses()).isZero();
        }
    }
}
