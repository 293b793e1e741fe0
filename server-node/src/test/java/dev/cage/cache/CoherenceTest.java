package dev.cage.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.OpenMode;
import dev.cage.server.TestNode;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clients sharing a file never read bytes older than a write acknowledged before their read began. */
class CoherenceTest {
    private static final int PAGE = 1024;

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

    @Test
    void acknowledgedPush_hasInvalidatedTheOtherClientsPageBeforeItReturns() throws Exception {
        try (Cage reader = node.clientBuilder("s").pageSize(PAGE).build();
             Cage writer = node.clientBuilder("s").pageSize(PAGE).build()) {
            CageChannel w = writer.open("s", "shared.txt", OpenMode.SHARED_WRITE, true);
            writer.write(w, 0, "old old old".getBytes());
            writer.putPages(w);
            CageChannel r = reader.open("s", "shared.txt", OpenMode.SHARED_READ);
            assertThat(new String(reader.read(r, 0, 100))).isEqualTo("old old old");
            long before = reader.cacheStats().invalidations();

            writer.write(w, 4, "NEW".getBytes());
            writer.putPages(w); // returns only after the reader dropped its copy

            assertThat(reader.cacheStats().invalidations()).isGreaterThan(before);
            assertThat(new String(reader.read(r, 0, 100))).isEqualTo("old NEW old");
        }
    }

    @Test
    void dirtyPageOfOneClient_keepsItsOwnBytes_andTakesTheOthersBytes() throws Exception {
        try (Cage a = node.clientBuilder("s").pageSize(PAGE).build();
             Cage b = node.clientBuilder("s").pageSize(PAGE).build()) {
            CageChannel ca = a.open("s", "merge.txt", OpenMode.SHARED_WRITE, true);
            a.write(ca, 0, "aaaaaaaaaa".getBytes());
            a.putPages(ca);
            CageChannel cb = b.open("s", "merge.txt", OpenMode.SHARED_WRITE);
            b.read(cb, 0, 10);
            b.write(cb, 0, "B".getBytes()); // dirty in b's cache, not pushed
            a.write(ca, 9, "A".getBytes());
            a.putPages(ca); // b's page is dirty: it keeps its byte and must take a's on next read
            assertThat(new String(b.read(cb, 0, 10))).isEqualTo("BaaaaaaaaA");
            b.putPages(cb); // pushes only its own byte: a's byte survives
            assertThat(new String(a.read(ca, 0, 10))).isEqualTo("BaaaaaaaaA");
        }
    }

    /**
     * Writers stamp blocks with increasing sequence numbers and push them; once a push returns, that
     * sequence is acknowledged. A reader notes the highest acknowledged sequence of a block before it
     * reads, and must then read that sequence or a newer one.
     */
    @Test
    void randomizedReadersAndWriters_neverReadStale() throws Exception {
        int blocks = 16;
        int writers = 3;
        int readers = 3;
        AtomicLongArray acknowledged = new AtomicLongArray(blocks);
        try (Cage setup = node.clientBuilder("s").pageSize(PAGE).build()) {
            CageChannel ch = setup.open("s", "checker.bin", OpenMode.SHARED_WRITE, true);
            setup.write(ch, 0, new byte[blocks * PAGE]);
            setup.close(ch);
        }
        ExecutorService pool = Executors.newFixedThreadPool(writers + readers);
        List<Future<?>> jobs = new ArrayList<>();
        List<Cage> clients = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            Cage c = node.clientBuilder("s").pageSize(PAGE).pageCount(8).build();
            clients.add(c);
            int writer = w;
            jobs.add(pool.submit(() -> {
                Random rnd = new Random(100 + writer);
                CageChannel ch = c.open("s", "checker.bin", OpenMode.SHARED_WRITE);
                for (int i = 0; i < 150; i++) {
                    int block = rnd.nextInt(blocks);
                    synchronized (acknowledged) {
                        // One writer per block at a time, so sequence numbers of a block only grow.
                        long seq = acknowledged.get(block) + 1;
                        c.write(ch, (long) block * PAGE, ByteBuffer.allocate(8).putLong(seq).array());
                        c.putPages(ch);
                        acknowledged.set(block, seq);
                    }
                }
                c.close(ch);
                return null;
            }));
        }
        for (int r = 0; r < readers; r++) {
            Cage c = node.clientBuilder("s").pageSize(PAGE).pageCount(8).build();
            clients.add(c);
            int reader = r;
            jobs.add(pool.submit(() -> {
                Random rnd = new Random(200 + reader);
                CageChannel ch = c.open("s", "checker.bin", OpenMode.SHARED_READ);
                for (int i = 0; i < 600; i++) {
                    int block = rnd.nextInt(blocks);
                    long floor = acknowledged.get(block);
                    long seen = ByteBuffer.wrap(c.read(ch, (long) block * PAGE, 8)).getLong();
                    if (seen < floor) {
                        throw new AssertionError("block " + block + ": read sequence " + seen
                            + " after " + floor + " was acknowledged");
                    }
                }
                c.close(ch);
                return null;
            }));
        }
        for (Future<?> f : jobs) {
            f.get();
        }
        pool.shutdown();
        clients.forEach(Cage::close);
        long hits = 0;
        assertThat(acknowledged.get(0) + acknowledged.get(1)).isPositive();
    }
}
