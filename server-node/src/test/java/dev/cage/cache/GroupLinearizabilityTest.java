package dev.cage.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cage.client.Cage;
import dev.cage.server.TestGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
            CompletableFuture<int[]> failovers = CompletableFuture.supplyAsync(() -> failTwice(g));
            List<RegisterOp> history = LinearizableReadsTest.workload(workload, 2, 4,
                name -> client(g, first, name).pageSize(PAGE).pageCount(64), SECONDS);
            int[] leaders = failovers.join();
            assertThat(leaders[1]).as("a second leader").isNotEqualTo(leaders[0]);
            assertThat(leaders[2]).as("a third leader").isNotEqualTo(leaders[1]);
            LinearizableReadsTest.assertLinearizable(history);
        }
    }

    private static Cage.Builder client(TestGroup g, int first, String name) {
        return Cage.builder().name(name).server("s", g.spec(first)).responseTimeout(Duration.ofSeconds(20));
    }

    /** Stops the leader a third and two thirds of the way through, restarting the first before the second stop. */
    private static int[] failTwice(TestGroup g) {
        try {
            int[] leaders = new int[3];
            leaders[0] = g.awaitLeader();
            Thread.sleep(SECONDS * 1000L / 3); // a point in the workload's fixed running time, not a wait for an event
            g.stopMember(leaders[0]);
            leaders[1] = g.awaitLeader();
            g.startMember(leaders[0]);
            Thread.sleep(SECONDS * 1000L / 3);
            g.stopMember(leaders[1]);
            leaders[2] = g.awaitLeader();
            g.startMember(leaders[1]);
            return leaders;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
