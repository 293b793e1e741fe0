package dev.cage.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.client.ServerSpec;
import dev.cage.client.TierStats;
import dev.cage.protocol.OpenMode;
import dev.cage.server.TestGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster-shared page cache in front of a replicated group of three real nodes: the tier names the server by the
 * group, so clients that were given different members share its pages.
 */
class GroupSharedPageCacheTest {
    private static final int PAGE = 4096;
    private static final int PAGES = 16;

    @TempDir
    Path tmp;
    Grid grid;

    @BeforeEach
    void newGrid() throws Exception {
        grid = new Grid();
    }

    @AfterEach
    void closeGrid() {
        grid.close();
    }

    @Test
    void clientsGivenDifferentMembers_shareTheGroupsPages() throws Exception {
        try (TestGroup g = TestGroup.start(tmp, 3)) {
            int leader = g.awaitLeader();
            byte[] content = new byte[PAGES * PAGE];
            new Random(5).nextBytes(content);
            HazelcastInstance m1 = grid.member();
            HazelcastInstance m2 = grid.member();
            try (Cage writer = Cage.builder().server("g", g.spec(leader)).pageCount(0).build()) {
                CageChannel w = writer.open("g", "shared.bin", OpenMode.SHARED_WRITE, true);
                writer.write(w, 0, content);
                writer.close(w);
            }
            try (Cage a = shared(g.oneMember(leader), m1); Cage b = shared(g.oneMember((leader + 1) % 3), m2)) {
                CageChannel ca = a.open("g", "shared.bin", OpenMode.SHARED_READ);
                assertThat(a.read(ca, 0, content.length)).isEqualTo(content);
                await().atMost(Duration.ofSeconds(20)).until(() -> a.tierStats().published() >= PAGES);

                // b knows another member, which sends it to the same leader: the same pages, named the same way.
                CageChannel cb = b.open("g", "shared.bin", OpenMode.SHARED_READ);
                assertThat(b.read(cb, 0, content.length)).isEqualTo(content);
                TierStats s = b.tierStats();
                assertThat(s.clusterHits()).isEqualTo(PAGES);
                assertThat(s.serverReads()).isZero();
            }
        }
    }

    private static Cage shared(ServerSpec spec, HazelcastInstance hz) throws Exception {
        return Cage.builder().server("g", spec).pageSize(PAGE).pageCount(64).sharedPageCache(Grid.via(hz))
            .responseTimeout(Duration.ofSeconds(20)).build();
    }
}
