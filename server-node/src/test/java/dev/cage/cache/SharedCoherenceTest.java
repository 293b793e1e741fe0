package dev.cage.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.OpenMode;
import dev.cage.server.TestNode;
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
     * {@link SequenceChecker} with every client on the shared tier (spread over three members) and a local cache of 8
     * pages for 32 blocks, so most local misses go to the cluster; writers read too. Bounded: a fixed number of
     * operations, and 60 s at most.
     */
    @Test
    void randomizedReadersAndWriters_overSharedAndLocalTiers_neverReadStale() throws Exception {
        SequenceChecker checker = new SequenceChecker("shared-checker.bin", 32, PAGE);
        try (Cage setup = node.clientBuilder("s").pageCount(0).build()) {
            checker.create(setup);
        }
        ExecutorService pool = Executors.newFixedThreadPool(7);
        List<Future<?>> jobs = new ArrayList<>();
        List<Cage> clients = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int w = 0; w < 3; w++) {
            Cage c = client(w, 8);
            clients.add(c);
            Random rnd = new Random(300 + w);
            jobs.add(pool.submit(() -> checker.write(c, rnd, 120, 1, true, deadline)));
        }
        for (int r = 0; r < 4; r++) {
            Cage c = client(r + 1, 8);
            clients.add(c);
            Random rnd = new Random(400 + r);
            jobs.add(pool.submit(() -> checker.read(c, rnd, 1500, deadline)));
        }
        for (Future<?> f : jobs) {
            f.get(90, TimeUnit.SECONDS);
        }
        pool.shutdown();
        long clusterHits = clients.stream().mapToLong(c -> c.tierStats().clusterHits()).sum();
        clients.forEach(Cage::close);
        assertThat(checker.acknowledged(0) + checker.acknowledged(1)).isPositive();
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
