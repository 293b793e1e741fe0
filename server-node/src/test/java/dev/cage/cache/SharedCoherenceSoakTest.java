package dev.cage.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.OpenMode;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The never-stale checker of {@link SharedCoherenceTest}, longer and with the cluster changing under it: in each of
 * several phases, new writers and readers spread over three members run at once, and halfway through the phase one
 * member is terminated under them (no goodbye: its pages and pending additions are lost; its clients' lookups fail
 * and go to the node). Before the next phase a new, empty member joins. A write may span two blocks (a multi-page
 * run). Every read must see each block at least at the sequence acknowledged before the read began, and the file must
 * end with every block's last acknowledged sequence. Bounded: a fixed number of operations per phase, 150 s in all.
 */
@Tag("slow")
class SharedCoherenceSoakTest {
    private static final int PAGE = 1024;
    private static final int BLOCKS = 48;
    private static final int PHASES = 5;
    private static final int READS = 1200;
    private static final String FILE = "soak.bin";

    @TempDir
    Path tmp;

    @Test
    void readersAndWriters_whileMembersDieAndJoin_neverReadStale_andLoseNoWrite() throws Exception {
        try (TestNode node = TestNode.start(tmp, b -> b.journal(null)); Grid grid = new Grid()) {
            List<HazelcastInstance> members = new ArrayList<>(List.of(grid.member(), grid.member(), grid.member()));
            try (Cage setup = node.clientBuilder("s").pageCount(0).build()) {
                CageChannel ch = setup.open("s", FILE, OpenMode.SHARED_WRITE, true);
                setup.write(ch, 0, new byte[BLOCKS * PAGE]);
                setup.close(ch);
            }
            AtomicLongArray acknowledged = new AtomicLongArray(BLOCKS);
            AtomicLong checkedReads = new AtomicLong();
            long clusterHits = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
            Random chaos = new Random(77);
            for (int phase = 0; phase < PHASES && System.nanoTime() < deadline; phase++) {
                HazelcastInstance victim = members.get(chaos.nextInt(members.size()));
                clusterHits += runPhase(node, members, phase, victim, acknowledged, checkedReads, deadline);
                members.remove(victim);
                members.add(grid.member());
            }
            assertThat(checkedReads.get()).as("reads checked against the acknowledged floor").isGreaterThan(1000);
            assertThat(clusterHits).as("pages the cluster served").isPositive();
            ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(node.root().resolve(FILE)));
            for (int block = 0; block < BLOCKS; block++) {
                assertThat(file.getLong(block * PAGE)).as("block %d on disk", block).isEqualTo(acknowledged.get(block));
            }
        }
    }

    /**
     * Three writers and five readers, new clients each phase, spread over the members; {@code victim} is terminated
     * once the phase's readers are halfway. Returns the clients' cluster hits.
     */
    private static long runPhase(TestNode node, List<HazelcastInstance> members, int phase, HazelcastInstance victim,
                                 AtomicLongArray acknowledged, AtomicLong checkedReads, long deadline) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Cage> clients = new ArrayList<>();
        List<Future<?>> jobs = new ArrayList<>();
        try {
            for (int w = 0; w < 3; w++) {
                Cage c = client(node, members.get(w % members.size()));
                clients.add(c);
                Random rnd = new Random(1000L * phase + w);
                jobs.add(pool.submit(() -> write(c, rnd, acknowledged, deadline)));
            }
            for (int r = 0; r < 5; r++) {
                Cage c = client(node, members.get((r + 1) % members.size()));
                clients.add(c);
                Random rnd = new Random(2000L * phase + r);
                jobs.add(pool.submit(() -> read(c, rnd, acknowledged, checkedReads, deadline)));
            }
            long halfway = checkedReads.get() + 5 * READS / 2;
            await().atMost(Duration.ofSeconds(150)).until(() -> checkedReads.get() >= halfway
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

    private static Cage client(TestNode node, HazelcastInstance member) throws Exception {
        return node.clientBuilder("s").pageSize(PAGE).pageCount(10).sharedPageCache(Grid.via(member)).build();
    }

    /** Stamps one block, or two neighbours in one write, with the next sequence numbers; pushes; records them. */
    private static Void write(Cage c, Random rnd, AtomicLongArray acknowledged, long deadline) throws Exception {
        CageChannel ch = c.open("s", FILE, OpenMode.SHARED_WRITE);
        for (int i = 0; i < 150 && System.nanoTime() < deadline; i++) {
            c.read(ch, (long) rnd.nextInt(BLOCKS) * PAGE, 8); // writers read too: their tiers see a changing file
            int first = rnd.nextInt(BLOCKS - 1);
            int count = 1 + rnd.nextInt(2);
            synchronized (acknowledged) {
                ByteBuffer data = ByteBuffer.allocate((count - 1) * PAGE + 8);
                long[] seqs = new long[count];
                for (int k = 0; k < count; k++) {
                    seqs[k] = acknowledged.get(first + k) + 1;
                    data.putLong(k * PAGE, seqs[k]);
                }
                // Between the stamps the file is all zeros, as the write's own zeros keep it.
                c.write(ch, (long) first * PAGE, data.array());
                c.putPages(ch);
                for (int k = 0; k < count; k++) {
                    acknowledged.set(first + k, seqs[k]);
                }
            }
        }
        c.close(ch);
        return null;
    }

    private static Void read(Cage c, Random rnd, AtomicLongArray acknowledged, AtomicLong checked, long deadline)
        throws Exception {
        CageChannel ch = c.open("s", FILE, OpenMode.SHARED_READ);
        for (int i = 0; i < READS && System.nanoTime() < deadline; i++) {
            int block = rnd.nextInt(BLOCKS);
            long floor = acknowledged.get(block);
            long seen = ByteBuffer.wrap(c.read(ch, (long) block * PAGE, 8)).getLong();
            if (seen < floor) {
                throw new AssertionError("block " + block + ": read sequence " + seen + " after " + floor
                    + " was acknowledged");
            }
            checked.incrementAndGet();
        }
        c.close(ch);
        return null;
    }
}
