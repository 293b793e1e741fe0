package dev.cage.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import dev.cage.client.Cage;
import dev.cage.server.TestNode;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The never-stale {@link SequenceChecker}, longer and with the cluster changing under it: in each of
 * several phases, new writers and readers spread over three members run at once, and halfway through the phase one
 * member is terminated under them (no goodbye: its pages and pending additions are lost; its clients' lookups fail
 * and go to the node). Before the next phase a new, empty member joins. A write may span two blocks (a multi-page
 * run). Every read must see each block at least at the sequence acknowledged before the read began, and the file must
 * end with every block's last acknowledged sequence. Bounded: a fixed number of operations per phase, 150 s in all.
 */
@Tag("slow")
class SharedCoherenceSoakTest {
    private static final int PHASES = 5;
    private static final int READS = 1200;

    @TempDir
    Path tmp;

    @Test
    void readersAndWriters_whileMembersDieAndJoin_neverReadStale_andLoseNoWrite() throws Exception {
        try (TestNode node = TestNode.start(tmp, b -> b.journal(null)); Grid grid = new Grid()) {
            List<HazelcastInstance> members = new ArrayList<>(List.of(grid.member(), grid.member(), grid.member()));
            SequenceChecker checker = new SequenceChecker("soak.bin", 48, 1024);
            try (Cage setup = node.clientBuilder("s").pageCount(0).build()) {
                checker.create(setup);
            }
            long clusterHits = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
            Random chaos = new Random(77);
            for (int phase = 0; phase < PHASES && System.nanoTime() < deadline; phase++) {
                HazelcastInstance victim = members.get(chaos.nextInt(members.size()));
                clusterHits += runPhase(node, members, phase, victim, checker, deadline);
                members.remove(victim);
                members.add(grid.member());
            }
            assertThat(checker.checkedReads()).as("reads checked against the acknowledged floor").isGreaterThan(1000);
            assertThat(clusterHits).as("pages the cluster served").isPositive();
            ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(node.root().resolve("soak.bin")));
            for (int block = 0; block < checker.blocks(); block++) {
                assertThat(file.getLong(block * checker.page())).as("block %d on disk", block)
                    .isEqualTo(checker.acknowledged(block));
            }
        }
    }

    /**
     * Three writers and five readers, new clients each phase, spread over the members; {@code victim} is terminated
     * once the phase's readers are halfway. Returns the clients' cluster hits.
     */
    private static long runPhase(TestNode node, List<HazelcastInstance> members, int phase, HazelcastInstance victim,
                                 SequenceChecker checker, long deadline) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Cage> clients = new ArrayList<>();
        List<Future<?>> jobs = new ArrayList<>();
        try {
            for (int w = 0; w < 3; w++) {
                Cage c = client(node, members.get(w % members.size()), checker.page());
                clients.add(c);
                Random rnd = new Random(1000L * phase + w);
                jobs.add(pool.submit(() -> checker.write(c, rnd, 150, 2, true, deadline)));
            }
            for (int r = 0; r < 5; r++) {
                Cage c = client(node, members.get((r + 1) % members.size()), checker.page());
                clients.add(c);
                Random rnd = new Random(2000L * phase + r);
                jobs.add(pool.submit(() -> checker.read(c, rnd, READS, deadline)));
            }
            long halfway = checker.checkedReads() + 5 * READS / 2;
            await().atMost(Duration.ofSeconds(150)).until(() -> checker.checkedReads() >= halfway
                || jobs.stream().allMatch(Future::isDone));
            victim.getLifecycleService().terminate();
            for (Future<?> f : jobs) {
                f.get(180, TimeUnit.SECONDS);
            }
            return clients.stream().mapToLong(c -> c.tierStats().clusterHits()).sum();
        } finally {
            pool.shutdownNow();
            clients.forEach(Cage::close);
        }
    }

    private static Cage client(TestNode node, HazelcastInstance member, int page) throws Exception {
        return node.clientBuilder("s").pageSize(page).pageCount(10).sharedPageCache(Grid.via(member)).build();
    }
}
