package dev.cage.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cage.client.Cage;
import dev.cage.server.TestGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The randomized register checker ({@link RegisterWorkload}, {@link RegisterLinearizability}) against a replicated
 * group of three whose leader is stopped twice while clients with page caches write and read: whichever member
 * served it, no read returns a value older than one already written, or read, before it began.
 */
class GroupLinearizabilityTest {
    private static final int PAGE = 1024;
    private static final int SECONDS = 10;

    @TempDir
    Path tmp;

    @Test
    void cachedClientsAcrossTwoFailovers_historyIsLinearizable() throws Exception {
        try (TestGroup g = TestGroup.start(tmp, 3)) {
            int first = g.awaitLeader();
            RegisterWorkload workload = new RegisterWorkload("registers.bin", 6, PAGE).retryingFailedCalls();
            try (Cage setup = client(g, first, "setup").build()) {
                workload.create(setup);
            }
            // The leader is stopped a third and two thirds of the way through the workload's running time.
            ScheduledExecutorService faults = Executors.newSingleThreadScheduledExecutor();
            try {
                ScheduledFuture<int[]> one = faults.schedule(() -> failover(g), SECONDS * 1000L / 3, TimeUnit.MILLISECONDS);
                ScheduledFuture<int[]> two = faults.schedule(() -> failover(g), SECONDS * 2000L / 3, TimeUnit.MILLISECONDS);
                List<RegisterOp> history = LinearizableReadsTest.workload(workload, 2, 4,
                    name -> client(g, first, name).pageSize(PAGE).pageCount(64), SECONDS);
                for (ScheduledFuture<int[]> f : List.of(one, two)) {
                    int[] leaders = f.get(60, TimeUnit.SECONDS);
                    assertThat(leaders[1]).as("the leader after a failover").isNotEqualTo(leaders[0]);
                }
                LinearizableReadsTest.assertLinearizable(history);
            } finally {
                faults.shutdownNow();
            }
        }
    }

    private static Cage.Builder client(TestGroup g, int first, String name) {
        return Cage.builder().name(name).server("s", g.spec(first)).responseTimeout(Duration.ofSeconds(20));
    }

    /** Stops the leader, waits for the next, starts the old one again as a follower: the old and new leaders. */
    private static int[] failover(TestGroup g) throws Exception {
        int old = g.awaitLeader();
        g.stopMember(old);
        int next = g.awaitLeader();
        g.startMember(old);
        return new int[] {old, next};
    }
}
