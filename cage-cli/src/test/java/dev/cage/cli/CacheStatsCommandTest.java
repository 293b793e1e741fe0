package dev.cage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.client.SharedPageCache;
import dev.cage.client.TierStats;
import dev.cage.protocol.OpenMode;
import dev.cage.server.TestNode;
import dev.cage.testkit.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cage cache stats} against real Hazelcast members on 127.0.0.1, with Cages reading from a real node: what it
 * prints is what each Cage's {@code tierStats()} says.
 */
class CacheStatsCommandTest {
    private static final int PAGE = 4096;
    private static final int PAGES = 32;
    private static final Duration INTERVAL = Duration.ofMillis(300);

    @TempDir
    static Path tmp;
    static TestNode node;
    final String cluster = "cage-test-" + UUID.randomUUID();
    int basePort;
    final List<HazelcastInstance> members = new ArrayList<>();

    @BeforeAll
    static void startNode() throws Exception {
        node = TestNode.start(tmp, b -> b.journal(null));
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @BeforeEach
    void ports() throws Exception {
        basePort = FreePorts.block(SharedPageCache.Member.PORT_COUNT);
    }

    @AfterEach
    void stopMembers() {
        members.forEach(m -> m.getLifecycleService().terminate());
    }

    @Test
    void twoCagesOnTheirOwnMembers_rowsShowEachCagesExactCounters_totalsAddUp_andAClosedCagesRowGoes() throws Exception {
        byte[] content = fileOf("stats.bin");
        try (Cage a = ownMember("reader-a", INTERVAL)) {
            // b's row lives 15 s: gone right after close() only because close() removed it, not because it expired
            Cage b = ownMember("reader-b", Duration.ofSeconds(5));
            try {
                CageChannel ca = a.open("s", "stats.bin", OpenMode.SHARED_READ);
                assertThat(a.read(ca, 0, content.length)).isEqualTo(content);
                await().atMost(Duration.ofSeconds(20)).until(() -> a.tierStats().published() == PAGES);
                assertThat(a.read(ca, 0, content.length)).isEqualTo(content); // from its own cache now
                CageChannel cb = b.open("s", "stats.bin", OpenMode.SHARED_READ);
                assertThat(b.read(cb, 0, content.length)).isEqualTo(content);
                assertThat(b.tierStats().clusterHits()).isEqualTo(PAGES);
                assertThat(b.tierStats().serverReads()).isZero();

                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    Cli.Run run = stats();
                    assertThat(run.exitCode()).as("stderr: %s", run.err()).isZero();
                    Row rowA = rowOf(run, " reader-a");
                    Row rowB = rowOf(run, " reader-b");
                    assertThat(rowA.stats()).isEqualTo(a.tierStats());
                    assertThat(rowB.stats()).isEqualTo(b.tierStats());
                    assertThat(rowA.role()).isEqualTo("member");
                    assertThat(rowB.stats().clusterHits()).isEqualTo(PAGES);
                    assertThat(rowB.stats().serverReads()).isZero();
                    assertThat(rowA.stats().localHits()).isEqualTo(PAGES);

                    Row total = rowOf(run, " members");
                    assertThat(total.role()).isEqualTo("total");
                    assertThat(total.label()).isEqualTo("2 Cages on 2 members");
                    assertThat(total.counters()).containsExactly(sum(rowA.counters(), rowB.counters()));
                    assertThat(total.stats().sharedPagesOnMember()).isEqualTo(PAGES); // each page on one member
                    long misses = rowA.stats().serverReads() + rowB.stats().clusterHits();
                    assertThat(run.out()).contains(String.format(java.util.Locale.ROOT, "cluster hits among local misses: %.1f%% (%d of %d)",
                        100.0 * PAGES / misses, PAGES, misses));
                });
            } finally {
                b.close();
            }

            Cli.Run run = stats();
            assertThat(run.exitCode()).as("stderr: %s", run.err()).isZero();
            assertThat(row(run, " reader-b")).isEmpty();
            assertThat(row(run, " reader-a")).isPresent();
            assertThat(rowOf(run, " member").label()).isEqualTo("1 Cage on 1 member");
        }
    }

    @Test
    void cageWhoseMemberVanished_itsRowExpiresWithinAFewIntervals() throws Exception {
        member(); // the cluster outlives the Cage's member; the command connects here
        HazelcastInstance doomed = member();
        try (Cage c = node.clientBuilder("s").name("doomed").pageSize(PAGE).pageCount(64)
            .sharedPageCache(SharedPageCache.using(doomed).withStatsInterval(INTERVAL)).build()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> row(stats(), " doomed").isPresent());

            doomed.getLifecycleService().terminate(); // the Cage can no longer remove or renew its row

            await().atMost(Duration.ofSeconds(30)).until(() -> row(stats(), " doomed").isEmpty());
            Cli.Run run = stats();
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).startsWith("no Cage reports in 'cage-pages-stats' on cluster '" + cluster + "'");
        }
    }

    @Test
    void noClusterAtTheAddress_failsWithOneLineAndExitCode1_withinTheTimeout() throws Exception {
        int port = FreePorts.block(1);
        long start = System.nanoTime();

        Cli.Run run = Cli.run("cache", "stats", "--cluster-name", "nobody", "--address", "127.0.0.1:" + port,
            "--timeout", "2s");

        // Bounded, not instant: starting a Hazelcast client takes seconds of class loading on a busy machine; without
        // the timeout the client would retry for ever.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(25));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly(
            "cage: no Hazelcast cluster named 'nobody' answered at 127.0.0.1:" + port + " within 2s");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void badOrMissingOptions_areUsageErrors() {
        for (String address : List.of("127.0.0.1", "127.0.0.1:0", "127.0.0.1:65536", ":5701", "::1:5701", "h:x")) {
            Cli.Run run = Cli.run("cache", "stats", "--cluster-name", "c", "--address", address);
            assertThat(run.exitCode()).as(address).isEqualTo(2);
            assertThat(run.errLines()).as(address).singleElement().asString()
                .startsWith("cage: ").contains("'" + address + "' is not HOST:PORT")
                .endsWith("(see 'cage cache stats --help')");
        }
        assertThat(Cli.run("cache", "stats", "--address", "127.0.0.1:5701").exitCode()).isEqualTo(2);
        assertThat(Cli.run("cache", "stats", "--cluster-name", "c").exitCode()).isEqualTo(2);
    }

    private Cli.Run stats() {
        return Cli.run("cache", "stats", "--cluster-name", cluster, "--address", "127.0.0.1:" + basePort,
            "--timeout", "10s");
    }

    /** A row of the table: role, the ten counters in {@link TierStats}' order, age, and the label (the rest). */
    record Row(String role, long[] counters, String age, String label) {
        TierStats stats() {
            long[] c = counters;
            return new TierStats(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9]);
        }
    }

    /** The row whose label ends with {@code labelEnd}, if the table has one. */
    private static Optional<Row> row(Cli.Run run, String labelEnd) {
        return run.out().lines().filter(l -> !l.startsWith("ROLE") && l.endsWith(labelEnd)).findFirst().map(l -> {
            String[] t = l.trim().split("\\s+");
            long[] counters = Arrays.stream(t, 1, 11).mapToLong(Long::parseLong).toArray();
            return new Row(t[0], counters, t[11], String.join(" ", Arrays.copyOfRange(t, 12, t.length)));
        });
    }

    /** The row whose label ends with {@code labelEnd}; an assertion error (so Awaitility tries again) if none. */
    private static Row rowOf(Cli.Run run, String labelEnd) {
        Optional<Row> row = row(run, labelEnd);
        assertThat(row).as("a row ending '%s' in%n%s", labelEnd, run.out()).isPresent();
        return row.get();
    }

    private static long[] sum(long[] x, long[] y) {
        long[] s = new long[x.length];
        Arrays.setAll(s, i -> x[i] + y[i]);
        return s;
    }

    /** A Cage that starts a Hazelcast member of its own in this test's cluster. */
    private Cage ownMember(String name, Duration statsInterval) throws Exception {
        SharedPageCache shared = SharedPageCache.member(SharedPageCache.Member.loopback(cluster, basePort))
            .withMegabytesPerMember(64).withStatsInterval(statsInterval);
        return node.clientBuilder("s").name(name).pageSize(PAGE).pageCount(64).sharedPageCache(shared).build();
    }

    /** A plain member of this test's cluster, joining fast and logging nothing. */
    private HazelcastInstance member() {
        Config c = SharedPageCache.Member.loopback(cluster, basePort).hazelcastConfig();
        c.setProperty("hazelcast.logging.type", "none");
        c.setProperty("hazelcast.wait.seconds.before.join", "1");
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(c);
        members.add(hz);
        return hz;
    }

    /** Writes a file of {@link #PAGES} random pages through a client without caches; returns its bytes. */
    private static byte[] fileOf(String name) throws Exception {
        byte[] content = new byte[PAGES * PAGE];
        new Random(name.hashCode()).nextBytes(content);
        try (Cage setup = node.clientBuilder("s").pageCount(0).build()) {
            CageChannel ch = setup.open("s", name, OpenMode.SHARED_WRITE, true);
            setup.write(ch, 0, content);
            setup.close(ch);
        }
        return content;
    }
}
