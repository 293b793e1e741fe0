package dev.cage.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.OpenMode;
import dev.cage.server.TestNode;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the cluster-shared tier behind small local caches, no client reads bytes older than a write acknowledged
 * before its read began, and shared-tier clients read exactly what clients without any cache read.
 */
class SharedCoherenceTest {
    private static final int PAGE = 1024;

    @TempDir
    static Path tmp;
    static TestNode node;
    static Grid grid;
    static List<HazelcastInstance> members = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(tmp, b -> b.journal(null));
        grid = new Grid();
        for (int i = 0; i < 3; i++) {
            members.add(grid.member());
        }
    }

    @AfterAll
    static void stop() {
        grid.close();
        node.close();
    }

    private static Cage client(int i, int pages) throws Exception {
        return node.clientBuilder("s").pageSize(PAGE).pageCount(pages)
            .sharedPageCache(Grid.via(members.get(i % members.size()))).build();
    }

    /**
     * As {@code CoherenceTest}'s checker, with every client on the shared tier (spread over three members) and a local
     * cache of 8 pages for 32 blocks, so most local misses go to the cluster. Writers stamp blocks with growing
     * sequence numbers and push; a reader notes a block's highest acknowledged sequence before it reads, and must see
     * that or a newer one. Bounded: a fixed number of operations, and 60 s at most.
     */
    @Test
    void randomizedReadersAndWriters_overSharedAndLocalTiers_neverReadStale() throws Exception {
        int blocks = 32;
        int writers = 3;
        int readers = 4;
        AtomicLongArray acknowledged = new AtomicLongArray(blocks);
        try (Cage setup = node.clientBuilder("s").pageCount(0).build()) {
            CageChannel ch = setup.open("s", "shared-checker.bin", OpenMode.SHARED_WRITE, true);
            setup.write(ch, 0, new byte[blocks * PAGE]);
            setup.close(ch);
        }
        ExecutorService pool = Executors.newFixedThreadPool(writers + readers);
        List<Future<?>> jobs = new ArrayList<>();
        List<Cage> clients = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int w = 0; w < writers; w++) {
            Cage c = client(w, 8);
            clients.add(c);
            int writer = w;
            jobs.add(pool.submit(() -> {
                Random rnd = new Random(300 + writer);
                CageChannel ch = c.open("s", "shared-checker.bin", OpenMode.SHARED_WRITE);
                for (int i = 0; i < 120 && System.nanoTime() < deadline; i++) {
                    int block = rnd.nextInt(blocks);
                    // Writers read too, so their own tiers are exercised by a file that keeps changing.
                    c.read(ch, (long) rnd.nextInt(blocks) * PAGE, 8);
                    synchronized (acknowledged) {
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
            Cage c = client(r + 1, 8);
            clients.add(c);
            int reader = r;
            jobs.add(pool.submit(() -> {
                Random rnd = new Random(400 + reader);
                CageChannel ch = c.open("s", "shared-checker.bin", OpenMode.SHARED_READ);
                for (int i = 0; i < 1500 && System.nanoTime() < deadline; i++) {
                    int block = rnd.nextInt(blocks);
                    long floor = acknowledged.get(block);
                    long seen = ByteBuffer.wrap(c.read(ch, (long) block * PAGE, 8)).getLong();
                    if (seen < floor) {
                        throw new AssertionError("block " + block + ": read sequence " + seen + " after " + floor
                            + " was acknowledged");
                    }
                }
                c.close(ch);
                return null;
            }));
        }
        for (Future<?> f : jobs) {
            f.get(90, TimeUnit.SECONDS);
        }
        pool.shutdown();
        long clusterHits = clients.stream().mapToLong(c -> c.tierStats().clusterHits()).sum();
        clients.forEach(Cage::close);
        assertThat(acknowledged.get(0) + acknowledged.get(1)).isPositive();
        assertThat(clusterHits).as("pages served from the cluster").isPositive();
    }

    /**
     * One writer on the shared tier pushes after each change; two readers on other members (shared tier, 6 local
     * pages) and one without any cache must all read exactly the in-memory model, and the file ends as the model.
     */
    @Test
    void randomOperations_sharedTierAndNoCache_readIdenticalBytes() throws Exception {
        for (long seed = 1; seed <= 6; seed++) {
            Random rnd = new Random(seed);
            String name = "shared-eq-" + seed;
            try (Cage writer = client(0, 6); Cage r1 = client(1, 6); Cage r2 = client(2, 6);
                 Cage direct = node.clientBuilder("s").pageCount(0).build()) {
                CageChannel cw = writer.open("s", name, OpenMode.SHARED_WRITE, true);
                CageChannel c1 = r1.open("s", name, OpenMode.SHARED_READ);
                CageChannel c2 = r2.open("s", name, OpenMode.SHARED_READ);
                CageChannel cd = direct.open("s", name, OpenMode.SHARED_READ);
                byte[] model = new byte[0];
                for (int step = 0; step < 250; step++) {
                    int op = rnd.nextInt(10);
                    long offset = rnd.nextInt(12 * PAGE + 300);
                    int length = rnd.nextInt(4 * PAGE + 77);
                    if (op < 3) {
                        byte[] data = new byte[length];
                        rnd.nextBytes(data);
                        writer.write(cw, offset, data);
                        writer.putPages(cw);
                        model = CacheEquivalenceTest.apply(model, offset, data);
                    } else if (op == 3) {
                        long size = rnd.nextInt(10 * PAGE + 500);
                        writer.truncate(cw, size);
                        model = Arrays.copyOf(model, (int) size);
                    } else {
                        byte[] expected = CacheEquivalenceTest.slice(model, offset, length);
                        String at = " read at " + offset + "+" + length + ", seed " + seed + " step " + step;
                        CacheEquivalenceTest.assertSameBytes(r1.read(c1, offset, length), expected, "r1" + at);
                        CacheEquivalenceTest.assertSameBytes(r2.read(c2, offset, length), expected, "r2" + at);
                        CacheEquivalenceTest.assertSameBytes(direct.read(cd, offset, length), expected, "direct" + at);
                        CacheEquivalenceTest.assertSameBytes(writer.read(cw, offset, length), expected, "writer" + at);
                    }
                }
                writer.close(cw);
                assertThat(Files.readAllBytes(node.root().resolve(name))).isEqualTo(model);
                assertThat(r1.tierStats().clusterHits() + r2.tierStats().clusterHits()).isPositive();
            }
        }
    }
}
