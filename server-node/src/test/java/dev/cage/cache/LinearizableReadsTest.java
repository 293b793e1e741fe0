package dev.cage.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import dev.cage.client.Cage;
import dev.cage.protocol.OpenMode;
import dev.cage.server.TestNode;
import dev.cage.testkit.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients with page caches, reading and writing one-page registers of a shared file while every core also burns CPU
 * (the inversion this guards against shows under load), record their histories; {@link RegisterLinearizability}
 * must find no violation. With local caches, with caches so small they evict, with the cluster-shared tier, and with
 * readers in JVMs of their own.
 */
class LinearizableReadsTest {
    private static final int PAGE = 1024;
    private static final int SECONDS = 6;

    @TempDir
    static Path tmp;
    static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(tmp.resolve("node"), b -> b.journal(null));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void localCaches_underLoad_historyIsLinearizable() throws Exception {
        long held = node.node().heldReplies();
        List<RegisterOp> history = run("local.bin", 4, 2, 4, name -> node.clientBuilder("s").name(name).pageSize(PAGE).pageCount(64));
        assertLinearizable(history);
        assertThat(node.node().heldReplies()).as("reads the node held back until the old bytes were gone").isGreaterThan(held);
    }

    @Test
    void smallCachesThatEvict_underLoad_historyIsLinearizable() throws Exception {
        List<RegisterOp> history = run("small.bin", 8, 2, 4, name -> node.clientBuilder("s").name(name).pageSize(PAGE).pageCount(2));
        assertLinearizable(history);
    }

    @Test
    void registersOfTwoPages_readInOneCall_areNeverTorn_andLinearizable() throws Exception {
        RegisterWorkload workload = new RegisterWorkload("two-page.bin", 4, PAGE, 2);
        try (Cage setup = node.client("s")) {
            workload.create(setup);
        }
        // Readers with small caches often find one page of a register cached and must fetch the other. (Writers keep
        // theirs: a cache that evicts a dirty page before the push writes it back alone, and the write reaches the
        // node in two parts, as the README says.)
        assertLinearizable(workload(workload, 2, 4, name -> node.clientBuilder("s").name(name).pageSize(PAGE)
            .pageCount(name.startsWith("writer") ? 64 : 3), SECONDS));
    }

    @Test
    void sharedTier_underLoad_historyIsLinearizable() throws Exception {
        try (Grid grid = new Grid()) {
            List<HazelcastInstance> members = List.of(grid.member(), grid.member());
            int[] next = {0};
            List<RegisterOp> history = run("shared.bin", 4, 2, 4, name -> node.clientBuilder("s").name(name).pageSize(PAGE)
                .pageCount(16).sharedPageCache(Grid.via(members.get(next[0]++ % members.size()))));
            assertLinearizable(history);
        }
    }

    @Test
    void readersInJvmsOfTheirOwn_historyIsLinearizable() throws Exception {
        RegisterWorkload registers = new RegisterWorkload("jvms.bin", 4, PAGE);
        try (Cage setup = node.client("s")) {
            registers.create(setup);
        }
        List<ChildJvm> children = new ArrayList<>();
        List<Path> histories = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                Path h = tmp.resolve("history-" + i + ".txt");
                histories.add(h);
                children.add(ChildJvm.builder("reader-" + i).jvmOptions("-Xmx128m").mainClass(RegisterClientMain.class)
                    .args(String.valueOf(node.port()), "jvms.bin", "4", String.valueOf(PAGE), "jvm-" + i, "20000",
                        String.valueOf(SECONDS), h.toString())
                    .env("CAGE_SECRET", node.secret()).log(tmp.resolve("reader-" + i + ".log")).start());
            }
            // Writers and readers here too, so the children's reads interleave with reads that are not theirs.
            List<RegisterOp> history = new ArrayList<>(workload(registers, 2, 2,
                name -> node.clientBuilder("s").name(name).pageSize(PAGE).pageCount(64), SECONDS + 3));
            for (int i = 0; i < children.size(); i++) {
                assertThat(children.get(i).waitFor(Duration.ofSeconds(60))).as("reader JVM %d finished", i).isTrue();
                assertThat(children.get(i).exitValue()).as("reader JVM %d exit value", i).isZero();
                Files.readAllLines(histories.get(i)).stream().map(RegisterOp::parse).forEach(history::add);
            }
            assertThat(history).as("calls recorded by the reader JVMs").anyMatch(o -> o.client().startsWith("jvm-"));
            assertLinearizable(history);
        } finally {
            for (ChildJvm child : children) {
                child.close();
            }
        }
    }

    // ---- the checker itself must be able to fail ----

    @Test
    void checker_findsTheInversion_aCacheServingTheOldValueAfterAnotherClientReadTheNewOne() {
        List<RegisterOp> h = List.of(
            new RegisterOp("a", 0, true, 1, 10, 100),  // write 1 in flight from 10 to 100
            new RegisterOp("b", 0, false, 1, 20, 30),  // b reads 1 (from the node)
            new RegisterOp("c", 0, false, 0, 40, 50)); // then c reads 0 (from its cache)
        assertThat(RegisterLinearizability.violations(h)).singleElement().asString().contains("inversion");
    }

    @Test
    void checker_findsAStaleRead_andAValueNotWrittenYet() {
        List<RegisterOp> h = List.of(
            new RegisterOp("a", 0, true, 1, 10, 20),
            new RegisterOp("b", 0, false, 0, 30, 40),  // 1 was acknowledged before this began
            new RegisterOp("c", 1, false, 5, 30, 40)); // nobody ever wrote 5 to register 1
        assertThat(RegisterLinearizability.violations(h)).hasSize(2)
            .anySatisfy(v -> assertThat(v).contains("stale"))
            .anySatisfy(v -> assertThat(v).contains("not written"));
    }

    @Test
    void checker_acceptsReadsOverlappingAWrite_whichMaySeeEitherValue() {
        List<RegisterOp> h = List.of(
            new RegisterOp("a", 0, true, 1, 10, 100),
            new RegisterOp("b", 0, false, 0, 20, 60),  // overlaps c's read: either order is fine
            new RegisterOp("c", 0, false, 1, 30, 50),
            new RegisterOp("d", 0, false, 1, 70, 80),
            new RegisterOp("a", 0, true, 2, 110, 120),
            new RegisterOp("b", 0, false, 2, 130, 140));
        assertThat(RegisterLinearizability.violations(h)).isEmpty();
    }

    // ---- helpers ----

    static void assertLinearizable(List<RegisterOp> history) {
        assertThat(history.stream().filter(RegisterOp::write).count()).as("writes recorded").isGreaterThan(50);
        assertThat(history.stream().filter(o -> !o.write() && o.value() > 0).count()).as("reads of written values").isGreaterThan(50);
        List<String> violations = RegisterLinearizability.violations(history);
        assertThat(violations.subList(0, Math.min(10, violations.size())))
            .as("linearizability violations (%d in all, the first shown) in a history of %d calls", violations.size(), history.size())
            .isEmpty();
    }

    /** Creates {@code file}, then runs the workload with every core busy. */
    private static List<RegisterOp> run(String file, int registers, int writers, int readers, Function<String, Cage.Builder> client)
            throws Exception {
        RegisterWorkload workload = new RegisterWorkload(file, registers, PAGE);
        try (Cage setup = node.client("s")) {
            workload.create(setup);
        }
        return workload(workload, writers, readers, client, SECONDS);
    }

    /**
     * {@code writers} and {@code readers} clients (half the readers {@code SHARED_WRITE}, half {@code SHARED_READ}),
     * each on a thread with a Cage of its own, plus one CPU-burning thread per core, for {@code seconds}.
     */
    static List<RegisterOp> workload(RegisterWorkload registers, int writers, int readers,
            Function<String, Cage.Builder> client, int seconds) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(writers + readers + cores);
        AtomicBoolean done = new AtomicBoolean();
        List<Cage> cages = new ArrayList<>();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            List<Future<List<RegisterOp>>> jobs = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String name = "writer-" + w;
                Cage c = client.apply(name).build();
                cages.add(c);
                int id = w;
                jobs.add(pool.submit(() -> registers.write(c, name, id, writers, new Random(10 + id), 100_000, deadline)));
            }
            for (int r = 0; r < readers; r++) {
                String name = "reader-" + r;
                Cage c = client.apply(name).build();
                cages.add(c);
                OpenMode mode = r % 2 == 0 ? OpenMode.SHARED_READ : OpenMode.SHARED_WRITE;
                Random rnd = new Random(20 + r);
                jobs.add(pool.submit(() -> registers.read(c, name, mode, rnd, 1_000_000, deadline)));
            }
            for (int i = 0; i < cores; i++) {
                pool.submit(burn(done));
            }
            List<RegisterOp> history = new ArrayList<>();
            for (Future<List<RegisterOp>> f : jobs) {
                history.addAll(f.get(seconds + 60L, TimeUnit.SECONDS));
            }
            return history;
        } finally {
            done.set(true);
            pool.shutdown();
            cages.forEach(Cage::close);
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).as("workload threads ended").isTrue();
        }
    }

    private static Callable<Void> burn(AtomicBoolean done) {
        return () -> {
            long x = 0;
            while (!done.get()) {
                x = x * 6364136223846793005L + 1442695040888963407L; // busy, and not optimized away
            }
            return x == 42 ? null : null;
        };
    }
}
