package dev.cage.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.client.SharedPageCache;
import dev.cage.client.TierStats;
import dev.cage.protocol.OpenMode;
import dev.cage.server.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster-shared page cache over real Hazelcast members on 127.0.0.1 and a real node. */
class SharedPageCacheTest {
    private static final int PAGE = 4096;
    private static final int PAGES = 32;

    @TempDir
    static Path tmp;
    static TestNode node;
    Grid grid;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(tmp, b -> b.journal(null));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @BeforeEach
    void newGrid() throws Exception {
        grid = new Grid();
    }

    @AfterEach
    void closeGrid() {
        grid.close();
    }

    @Test
    void pageReadByOneClient_isServedToAnotherFromTheCluster_withoutAServerRead() throws Exception {
        byte[] content = fileOf("served.bin", 1);
        HazelcastInstance m1 = grid.member();
        HazelcastInstance m2 = grid.member();
        try (Cage a = shared(m1); Cage b = shared(m2)) {
            CageChannel ca = a.open("s", "served.bin", OpenMode.SHARED_READ);
            assertThat(a.read(ca, 0, content.length)).isEqualTo(content);
            await().atMost(Duration.ofSeconds(20)).until(() -> a.tierStats().published() == PAGES);
            long readsBefore = node.node().info().readsServed();

            CageChannel cb = b.open("s", "served.bin", OpenMode.SHARED_READ);
            assertThat(b.read(cb, 0, content.length)).isEqualTo(content);

            assertThat(node.node().info().readsServed()).isEqualTo(readsBefore);
            TierStats s = b.tierStats();
            assertThat(s.clusterHits()).isEqualTo(PAGES);
            assertThat(s.serverReads()).isZero();
            assertThat(s.clusterErrors()).isZero();
            long bytesOnMembers = a.tierStats().sharedBytesOnMember() + b.tierStats().sharedBytesOnMember();
            assertThat(bytesOnMembers).isGreaterThanOrEqualTo((long) PAGES * PAGE);
            assertThat(a.tierStats().sharedPagesOnMember() + b.tierStats().sharedPagesOnMember()).isEqualTo(PAGES);
        }
    }

    @Test
    void acknowledgedWrite_givesTheFileANewVersion_soNoClientGetsTheOldPageFromTheCluster() throws Exception {
        byte[] content = fileOf("versioned.bin", 2);
        HazelcastInstance m1 = grid.member();
        HazelcastInstance m2 = grid.member();
        try (Cage a = shared(m1); Cage b = shared(m2); Cage writer = shared(m1)) {
            CageChannel ca = a.open("s", "versioned.bin", OpenMode.SHARED_READ);
            assertThat(a.read(ca, 0, content.length)).isEqualTo(content);
            await().atMost(Duration.ofSeconds(20)).until(() -> a.tierStats().published() == PAGES);
            CageChannel cb = b.open("s", "versioned.bin", OpenMode.SHARED_READ);
            CageChannel cw = writer.open("s", "versioned.bin", OpenMode.SHARED_WRITE);
            writer.write(cw, 10, "NEW".getBytes());
            writer.putPages(cw); // acknowledged: a and b have both taken in the new version

            System.arraycopy("NEW".getBytes(), 0, content, 10, 3);
            long readsBefore = node.node().info().readsServed();
            assertThat(b.read(cb, 0, PAGE)).isEqualTo(java.util.Arrays.copyOf(content, PAGE));
            assertThat(b.tierStats().clusterHits()).isZero(); // the old entries are unreachable: a server read
            assertThat(node.node().info().readsServed()).isGreaterThan(readsBefore);
            await().atMost(Duration.ofSeconds(20)).until(() -> b.tierStats().published() >= 1);

            // a dropped its copy of page 0 on the INVALIDATE; it now gets b's fresh one from the cluster
            assertThat(a.read(ca, 0, PAGE)).isEqualTo(java.util.Arrays.copyOf(content, PAGE));
            assertThat(a.tierStats().clusterHits()).isEqualTo(1);
        }
    }

    @Test
    void memberTerminated_othersKeepWorking_andALateMemberGetsCorrectPages() throws Exception {
        byte[] content = fileOf("survive.bin", 3);
        HazelcastInstance m1 = grid.member();
        HazelcastInstance m2 = grid.member();
        HazelcastInstance m3 = grid.member();
        try (Cage a = shared(m1); Cage b = shared(m2); Cage c = shared(m3)) {
            CageChannel ca = a.open("s", "survive.bin", OpenMode.SHARED_READ);
            assertThat(a.read(ca, 0, content.length)).isEqualTo(content);
            await().atMost(Duration.ofSeconds(20)).until(() -> a.tierStats().published() == PAGES);

            m2.getLifecycleService().terminate(); // killed: its pages (no backups) are gone, nothing else is

            CageChannel cb = b.open("s", "survive.bin", OpenMode.SHARED_READ);
            assertThat(b.read(cb, 0, content.length)).isEqualTo(content); // its member is gone: the server serves it
            assertThat(b.tierStats().serverReads()).isEqualTo(PAGES);
            assertThat(b.tierStats().clusterErrors()).isPositive();
            await().atMost(Duration.ofSeconds(30)).until(() -> m1.getCluster().getMembers().size() == 2);
            CageChannel cc = c.open("s", "survive.bin", OpenMode.SHARED_READ);
            assertThat(c.read(cc, 0, content.length)).isEqualTo(content);
            assertThat(c.tierStats().clusterHits() + c.tierStats().serverReads()).isEqualTo(PAGES);

            try (Cage writer = shared(m1)) {
                CageChannel cw = writer.open("s", "survive.bin", OpenMode.SHARED_WRITE);
                byte[] change = new byte[PAGE];
                new Random(4).nextBytes(change);
                writer.write(cw, 5L * PAGE, change);
                writer.close(cw);
                System.arraycopy(change, 0, content, 5 * PAGE, PAGE);
            }
            HazelcastInstance late = grid.member();
            try (Cage d = shared(late)) {
                CageChannel cd = d.open("s", "survive.bin", OpenMode.SHARED_READ);
                assertThat(d.read(cd, 0, content.length)).isEqualTo(content);
                await().atMost(Duration.ofSeconds(20)).until(() -> d.tierStats().published() == d.tierStats().serverReads());
                // a's and c's copies were dropped by the write's INVALIDATE: whatever they read now is current
                assertThat(a.read(ca, 0, content.length)).isEqualTo(content);
                assertThat(c.read(cc, 0, content.length)).isEqualTo(content);
                assertThat(a.tierStats().clusterHits() + c.tierStats().clusterHits()).isPositive();
            }
        }
    }

    @Test
    void ownMemberAndClient_fromTheConfigRecords_sharePages() throws Exception {
        byte[] content = fileOf("records.bin", 5);
        grid.member(); // holds the cluster's ports from basePort on; the Cage's own member takes the next free one
        SharedPageCache asMember = SharedPageCache.member(SharedPageCache.Member.loopback(grid.cluster, grid.basePort));
        SharedPageCache asClient = SharedPageCache.client(
            new SharedPageCache.Client(grid.cluster, List.of("127.0.0.1:" + grid.basePort)));
        try (Cage a = node.clientBuilder("s").pageSize(PAGE).pageCount(64).sharedPageCache(asMember).build();
             Cage b = node.clientBuilder("s").pageSize(PAGE).pageCount(64).sharedPageCache(asClient).build()) {
            CageChannel ca = a.open("s", "records.bin", OpenMode.SHARED_READ);
            assertThat(a.read(ca, 0, content.length)).isEqualTo(content);
            await().atMost(Duration.ofSeconds(20)).until(() -> a.tierStats().published() == PAGES);
            CageChannel cb = b.open("s", "records.bin", OpenMode.SHARED_READ);
            assertThat(b.read(cb, 0, content.length)).isEqualTo(content);
            assertThat(b.tierStats().clusterHits()).isEqualTo(PAGES);
            assertThat(b.tierStats().sharedBytesOnMember()).isZero(); // a client owns no entries
        }
    }

    @Test
    void dirtyPages_neverReachTheCluster() throws Exception {
        fileOf("dirty.bin", 6);
        HazelcastInstance m1 = grid.member();
        try (Cage a = shared(m1); Cage b = shared(m1)) {
            CageChannel ca = a.open("s", "dirty.bin", OpenMode.SHARED_WRITE);
            a.writePage(ca, 0, new byte[PAGE]); // a whole page: not read first, dirty in a's cache only
            assertThat(a.tierStats().published()).isZero();
            CageChannel cb = b.open("s", "dirty.bin", OpenMode.SHARED_READ);
            byte[] seen = b.read(cb, 0, PAGE);
            assertThat(seen).isNotEqualTo(new byte[PAGE]); // b sees the server's bytes, not a's unpushed ones
            assertThat(b.tierStats().clusterHits()).isZero();
        }
    }

    @Test
    void withoutASharedCache_theClusterCountersStayZero() throws Exception {
        byte[] content = fileOf("off.bin", 7);
        try (Cage a = node.clientBuilder("s").pageSize(PAGE).pageCount(64).build()) {
            CageChannel ca = a.open("s", "off.bin", OpenMode.SHARED_READ);
            assertThat(a.read(ca, 0, content.length)).isEqualTo(content);
            assertThat(a.read(ca, 0, content.length)).isEqualTo(content);
            TierStats s = a.tierStats();
            assertThat(s.serverReads()).isEqualTo(PAGES);
            assertThat(s.localHits()).isEqualTo(PAGES);
            assertThat(s.clusterHits() + s.published() + s.clusterErrors() + s.sharedBytesOnMember()).isZero();
        }
    }

    private static Cage shared(HazelcastInstance hz) throws Exception {
        return node.clientBuilder("s").pageSize(PAGE).pageCount(64).sharedPageCache(Grid.via(hz)).build();
    }

    /** Writes a file of {@link #PAGES} random pages through a client without caches; returns its bytes. */
    static byte[] fileOf(String name, long seed) throws Exception {
        byte[] content = new byte[PAGES * PAGE];
        new Random(seed).nextBytes(content);
        try (Cage setup = node.clientBuilder("s").pageCount(0).build()) {
            CageChannel ch = setup.open("s", name, OpenMode.SHARED_WRITE, true);
            setup.write(ch, 0, content);
            setup.close(ch);
        }
        return content;
    }
}
