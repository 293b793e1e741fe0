package dev.cage.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.OpenMode;
import dev.cage.server.TestNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
    /** {@link SequenceChecker}: 3 writers and 3 readers, each with a local cache of 8 pages for 16 blocks. */
    @Test
    void randomizedReadersAndWriters_neverReadStale() throws Exception {
        SequenceChecker checker = new SequenceChecker("checker.bin", 16, PAGE);
        try (Cage setup = node.clientBuilder("s").pageSize(PAGE).build()) {
            checker.create(setup);
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<?>> jobs = new ArrayList<>();
        List<Cage> clients = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            Cage c = node.clientBuilder("s").pageSize(PAGE).pageCount(8).build();
            clients.add(c);
            Random rnd = new Random(100 + w);
            jobs.add(pool.submit(() -> checker.write(c, rnd, 150, 1, false, deadline)));
        }
        for (int r = 0; r < 3; r++) {
            Cage c = node.clientBuilder("s").pageSize(PAGE).pageCount(8).build();
            clients.add(c);
            Random rnd = new Random(200 + r);
            jobs.add(pool.submit(() -> checker.read(c, rnd, 600, deadline)));
        }
        for (Future<?> f : jobs) {
            f.get();
        }
        pool.shutdown();
        clients.forEach(Cage::close);
        assertThat(checker.acknowledged(0) + checker.acknowledged(1)).isPositive();
        assertThat(checker.checkedReads()).isEqualTo(3 * 600);
    }
}
