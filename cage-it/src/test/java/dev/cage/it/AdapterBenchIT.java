package dev.cage.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cage.adapter.TransactionCallLog;
import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.client.ServerSpec;
import dev.cage.protocol.CageException;
import dev.cage.protocol.CageFileExistsException;
import dev.cage.protocol.OpenMode;
import jakarta.ejb.EJB;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Transactions per second of a 4 KiB write made durable, inside Payara Micro against a real node (with its
 * journal), side by side in one run: the plain client without a transaction (the baseline), the resource adapter
 * in a container-managed transaction (one phase), the adapter with a JPA insert in one XA transaction (two
 * phases), and the JPA insert alone. Rounds are interleaved (A A′ B C D, A A′ B C D, ...), one thread, one
 * operation at a time; figures are medians over the rounds. Prints one line per round and a Markdown table, which
 * it also writes to {@code cage-it/target/adapter-bench.md}.
 *
 * <p>It asserts correctness, not speed: the transaction manager drove the expected calls, every file holds
 * exactly its last write at each offset, and the table holds one row per C and D transaction.
 *
 * <p>Slow profile only ({@code mvn verify -Pslow}): failsafe excludes the {@code slow} tag by default.
 */
@Tag("slow")
@ExtendWith(ArquillianExtension.class)
public class AdapterBenchIT {
    private static final String SERVER = "main";
    private static final int BLOCK = 4096;
    /** Offsets rotate over 64 blocks: 256 KiB, four of the cache's 64 KiB pages. */
    private static final int SLOTS = 64;
    private static final int ROUNDS = 5;
    private static final long ROUND_NANOS = Duration.ofMillis(1500).toNanos();
    private static final long WARMUP_NANOS = Duration.ofMillis(1000).toNanos();
    private static final String RECORD_C = "bench-c";
    private static final String RECORD_D = "bench-d";

    @EJB
    BenchWorkloads bench;

    @Deployment
    public static WebArchive deployment() throws IOException {
        try (Stream<Path> testLibs = Files.list(Path.of(System.getProperty("cage.it.testLibs", "target/test-libs")))) {
            return ShrinkWrap.create(WebArchive.class, "adapter-bench.war")
                .addClasses(NodeProcess.class, BenchWorkloads.class, DocumentRecord.class)
                .addAsResource("adapter-it/persistence.xml", "META-INF/persistence.xml")
                .addAsLibraries(testLibs.map(Path::toFile).toArray(File[]::new));
        }
    }

    /** One workload: runs operation number {@code seq} (writing {@code data} at slot {@code seq % SLOTS}). */
    private interface Op {
        long run(long seq, long offset, byte[] data) throws Exception;
    }

    /** A workload's name, its operation, what it writes to, and what it measured. */
    private static final class Workload {
        final String key;
        final String label;
        final String file; // null: writes no file
        final Op op;
        final long[] lastSeq = new long[SLOTS];
        final List<Round> rounds = new ArrayList<>();
        long ops;

        Workload(String key, String label, String file, Op op) {
            this.key = key;
            this.label = label;
            this.file = file;
            this.op = op;
            Arrays.fill(lastSeq, -1);
        }

        Round run(long nanos) throws Exception {
            long[] total = new long[1 << 12];
            long[] completion = new long[total.length];
            int n = 0;
            long startMillis = System.currentTimeMillis();
            long start = System.nanoTime();
            long end = start + nanos;
            long now = start;
            while (now < end) {
                long seq = ops++;
                int slot = (int) (seq % SLOTS);
                byte[] data = payload(key, seq);
                long workDone = op.run(seq, (long) slot * BLOCK, data);
                long after = System.nanoTime();
                lastSeq[slot] = seq;
                if (n == total.length) {
                    total = Arrays.copyOf(total, n * 2);
                    completion = Arrays.copyOf(completion, n * 2);
                }
                total[n] = after - now;
                completion[n] = after - workDone;
                n++;
                now = after;
            }
            return new Round(n, now - start, startMillis, System.currentTimeMillis(), Arrays.copyOf(total, n),
                Arrays.copyOf(completion, n));
        }
    }

    /**
     * One round of one workload: operations, elapsed time, wall-clock start and end (to line up with a profile
     * taken meanwhile, see {@code adapter-bench-rounds.csv}), per-operation times in nanoseconds.
     */
    private record Round(int ops, long nanos, long startMillis, long endMillis, long[] total, long[] completion) {
        double perSecond() {
            return ops * 1e9 / nanos;
        }
    }

    @Test
    void writePlusCommit_adapterAgainstPlainClient_andXaAgainstOnePhase() throws Exception {
        NodeProcess node = NodeProcess.fromSystemProperties().start();
        String loadBefore = loadAverage();
        long started = System.nanoTime();
        try (Cage cage = Cage.builder().name("bench-plain")
            .server(SERVER, new ServerSpec("127.0.0.1", node.port(), node.user(), node.secret()))
            .responseTimeout(Duration.ofSeconds(15)).build()) {
            mkdir(cage, "bench");
            for (String name : List.of("a.bin", "a2.bin", "b.bin", "c.bin")) {
                empty(cage, "bench/" + name);
            }
            long rowsBefore = bench.records(RECORD_C) + bench.records(RECORD_D);
            CageChannel a = cage.open(SERVER, "bench/a.bin", OpenMode.SHARED_WRITE);
            List<Workload> workloads = List.of(
                new Workload("A", "A. plain client, no transaction: write + putPages", "a.bin",
                    (seq, off, data) -> bench.plainWrite(cage, a, off, data)),
                new Workload("A′", "A′. plain client, open + write + putPages + close (reference)", "a2.bin",
                    (seq, off, data) -> bench.plainOpenWriteClose(cage, SERVER, "bench/a2.bin", off, data)),
                new Workload("B", "B. adapter, CMT, Cage only (commit 1pc)", "b.bin",
                    (seq, off, data) -> bench.cageWrite("bench/b.bin", off, data)),
                new Workload("C", "C. adapter + JPA insert, CMT, XA (prepare, commit 2pc)", "c.bin",
                    (seq, off, data) -> bench.cageWriteAndRecord("bench/c.bin", off, data, RECORD_C)),
                new Workload("D", "D. JPA insert only, CMT (commit 1pc)", null,
                    (seq, off, data) -> bench.record(RECORD_D, data.length)));

            for (Workload w : workloads) {
                w.run(WARMUP_NANOS);
            }
            assertTransactionCalls(workloads.get(2), "commit(1pc)");
            assertTransactionCalls(workloads.get(3), "prepare", "commit(2pc)");
            System.out.println("adapter bench: warmed up; " + ROUNDS + " rounds of "
                + Duration.ofNanos(ROUND_NANOS).toMillis() + " ms per workload");

            for (int r = 1; r <= ROUNDS; r++) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "adapter bench round %d/%d:", r, ROUNDS));
                for (Workload w : workloads) {
                    Round round = w.run(ROUND_NANOS);
                    w.rounds.add(round);
                    line.append(String.format(Locale.ROOT, "  %s %,.0f/s", w.key, round.perSecond()));
                }
                System.out.println(line.append("  (load ").append(loadAverage()).append(')'));
            }
            cage.close(a);

            // Correctness: every slot of every file holds its last write; one row per C and D transaction.
            for (Workload w : workloads) {
                if (w.file != null) {
                    assertThat(Files.readAllBytes(node.root().resolve("bench").resolve(w.file)))
                        .as("bytes of %s", w.file).isEqualTo(expectedFile(w));
                }
            }
            Workload c = workloads.get(3);
            Workload d = workloads.get(4);
            assertThat(bench.records(RECORD_C) + bench.records(RECORD_D) - rowsBefore).isEqualTo(c.ops + d.ops);

            String report = report(workloads, loadBefore, loadAverage(), System.nanoTime() - started);
            System.out.println(report);
            Path out = Path.of(System.getProperty(NodeProcess.DIR_PROPERTY)).getParent().resolve("adapter-bench.md");
            Files.writeString(out, report);
            Files.write(out.resolveSibling("adapter-bench-rounds.csv"), roundsCsv(workloads));
        }
    }

    /** Runs one more operation of {@code w} and checks the transaction manager's calls on the Cage branch. */
    private static void assertTransactionCalls(Workload w, String... completion) throws Exception {
        long mark = TransactionCallLog.mark();
        long seq = w.ops++;
        int slot = (int) (seq % SLOTS);
        w.op.run(seq, (long) slot * BLOCK, payload(w.key, seq));
        w.lastSeq[slot] = seq;
        List<String> calls = TransactionCallLog.since(mark).stream().map(TransactionCallLog.Entry::call)
            .filter(call -> !call.startsWith("recover")).toList();
        List<String> expected = new ArrayList<>(List.of("start(TMNOFLAGS)", "end(TMSUCCESS)"));
        expected.addAll(List.of(completion));
        assertThat(calls).as("transaction calls of workload %s", w.key).isEqualTo(expected);
    }

    private static String report(List<Workload> workloads, String loadBefore, String loadAfter, long nanos) {
        StringBuilder s = new StringBuilder();
        s.append("## Resource adapter: 4 KiB write + commit in Payara Micro\n\n");
        s.append(String.format(Locale.ROOT, "%s; %d rounds × %d ms per workload, interleaved, one thread; "
                + "load average before %s, after %s; %.0f s in all.%n%n",
            LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS), ROUNDS, Duration.ofNanos(ROUND_NANOS).toMillis(),
            loadBefore, loadAfter, nanos / 1e9));
        s.append("| workload | ops/s (median) | rounds, ops/s | p50 µs | p99 µs | completion p50 µs |\n");
        s.append("|---|---:|---|---:|---:|---:|\n");
        for (Workload w : workloads) {
            s.append(String.format(Locale.ROOT, "| %s | %,.0f | %s | %,.0f | %,.0f | %,.0f |%n", w.label,
                medianRate(w), rates(w), median(w, 50, false), median(w, 99, false), median(w, 50, true)));
        }
        double a = medianRate(workloads.get(0));
        double a2 = medianRate(workloads.get(1));
        double b = medianRate(workloads.get(2));
        double c = medianRate(workloads.get(3));
        double d = medianRate(workloads.get(4));
        s.append(String.format(Locale.ROOT, "%nRatios (of median ops/s): B/A = %.2f, C/B = %.2f, C/D = %.2f "
            + "(reference: B/A′ = %.2f, A′/A = %.2f).%n", b / a, c / b, c / d, b / a2, a2 / a));
        s.append("\np50/p99: medians over the rounds of each round's percentiles of one call's time. Completion: "
            + "the part after the workload's own work (A: putPages; A′: putPages + close; B, C, D: the container's "
            + "commit, including the deferred file close).\n");
        return s.toString();
    }

    /** Every round of every workload with its wall-clock span, for lining up with perf or JFR output. */
    private static List<String> roundsCsv(List<Workload> workloads) {
        List<String> lines = new ArrayList<>(List.of("workload,round,startEpochMillis,endEpochMillis,ops"));
        for (Workload w : workloads) {
            for (int i = 0; i < w.rounds.size(); i++) {
                Round r = w.rounds.get(i);
                lines.add(w.key + "," + (i + 1) + "," + r.startMillis() + "," + r.endMillis() + "," + r.ops());
            }
        }
        return lines;
    }

    private static double medianRate(Workload w) {
        return median(w.rounds.stream().mapToDouble(Round::perSecond).toArray());
    }

    private static String rates(Workload w) {
        return String.join(" ", w.rounds.stream().map(r -> String.format(Locale.ROOT, "%,.0f", r.perSecond())).toList());
    }

    /** The median over the rounds of a percentile of the total (or the completion) time, in µs. */
    private static double median(Workload w, int percentile, boolean completion) {
        return median(w.rounds.stream().mapToDouble(r -> {
            long[] sorted = (completion ? r.completion() : r.total()).clone();
            Arrays.sort(sorted);
            int i = Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * percentile / 100.0) - 1);
            return sorted[Math.max(0, i)] / 1e3;
        }).toArray());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Operation {@code seq}'s 4 KiB: the workload and the number, then bytes that depend on both. */
    private static byte[] payload(String key, long seq) {
        ByteBuffer b = ByteBuffer.allocate(BLOCK);
        b.putInt(key.hashCode()).putLong(seq);
        while (b.hasRemaining()) {
            b.put((byte) (seq * 31 + b.position()));
        }
        return b.array();
    }

    private static byte[] expectedFile(Workload w) {
        int slots = 0;
        while (slots < SLOTS && w.lastSeq[slots] >= 0) {
            slots++;
        }
        byte[] out = new byte[slots * BLOCK];
        for (int i = 0; i < slots; i++) {
            System.arraycopy(payload(w.key, w.lastSeq[i]), 0, out, i * BLOCK, BLOCK);
        }
        return out;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static void mkdir(Cage cage, String path) throws CageException {
        try {
            cage.mkdir(SERVER, path);
        } catch (CageFileExistsException e) {
            // from an earlier run
        }
    }

    /** Creates the file, or empties the one an earlier run left. */
    private static void empty(Cage cage, String path) throws IOException {
        try (CageChannel ch = cage.open(SERVER, path, OpenMode.SHARED_WRITE, true)) {
            cage.truncate(ch, 0);
            cage.putPages(ch);
        }
    }
}
