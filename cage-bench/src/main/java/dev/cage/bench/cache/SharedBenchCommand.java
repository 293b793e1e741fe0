package dev.cage.bench.cache;

import com.hazelcast.core.HazelcastInstance;
import dev.cage.bench.LoopbackRoundTrips;
import dev.cage.bench.Sizes;
import dev.cage.bench.ReportOutput;
import dev.cage.bench.WorkDirs;
import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.OpenMode;
import dev.cage.client.SharedPageCache;
import dev.cage.client.TierStats;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cage bench shared}: three clients read a Zipf(0.99) 4 KiB trace each (same hot pages, different seeds) over
 * one file on one node, all at once, A) with private page caches only and B) with the cluster-shared tier as well
 * (each client its own Hazelcast member on 127.0.0.1, one cluster), in interleaved rounds A B A B. Every round starts
 * cold: new clients, and in B a new shared map. Each client first reads a warm-up part of its trace; when all three
 * are through it, the measured part begins. Counts the node's READ requests in both parts per mode, and times single
 * reads of pages served by the cluster against pages served by the node, beside the raw loopback round trip. Every
 * byte read is checked against the file's known content; a wrong byte fails the run. Prints a Markdown report;
 * progress goes to stderr.
 */
@Command(name = "shared", mixinStandardHelpOptions = true,
    description = "Measure the cluster-shared page cache: three clients with private vs shared caches.")
public final class SharedBenchCommand implements Callable<Integer> {
    static final String FILE = "shared-bench.bin";
    static final int CLIENTS = 3;
    private static final int PAGE = FileContent.BLOCK;

    @Option(names = "--file-size", defaultValue = "1g", converter = Sizes.class, paramLabel = "SIZE",
        description = "Size of the file, a multiple of 4 KiB (k, m, g suffixes; default: ${DEFAULT-VALUE}).")
    long size;

    @Option(names = "--rounds", defaultValue = "3", paramLabel = "N",
        description = "Interleaved rounds (A B per round); figures are medians across them (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--reads", defaultValue = "50000", paramLabel = "N",
        description = "4 KiB reads per client per mode and round (default: ${DEFAULT-VALUE}).")
    int reads;

    @Option(names = "--warmup", defaultValue = "500000", paramLabel = "N",
        description = {"4 KiB reads per client per mode and round before the measured ones: caches fill the way they",
            "do in a running system; their node reads are reported as the cold figure (default: ${DEFAULT-VALUE})."})
    int warmup;

    @Option(names = "--cache-percent", defaultValue = "10", paramLabel = "P",
        description = "Each client's own cache, in percent of the file's pages (default: ${DEFAULT-VALUE}).")
    int cachePercent;

    @Option(names = "--shared-mib", defaultValue = "256", paramLabel = "MIB",
        description = "Bound of the shared tier per member, MiB of Hazelcast's heap measure (default: ${DEFAULT-VALUE}).")
    int sharedMib;

    @Option(names = "--latency-samples", defaultValue = "2000", paramLabel = "N",
        description = "Timed single reads per round of each kind: cluster hit, node read (default: ${DEFAULT-VALUE}).")
    int latencySamples;

    @Option(names = "--seed", defaultValue = "20261121", paramLabel = "N", description = "Seed of the file and the traces.")
    long seed;

    @Option(names = "--dir", defaultValue = "bench-work", paramLabel = "DIR",
        description = "Work directory; removed afterwards (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write the Markdown report to FILE.")
    Path reportFile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final PrintStream out = System.out;
    private final StderrProgress progress = new StderrProgress(System.err, "[bench shared] ");
    private FileContent fileContent;
    private SharedBenchResults results;
    private SharedReport report;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SharedBenchCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        validate();
        fileContent = new FileContent(seed);
        Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String loadAtStart = LoadSampler.now();
        long started = System.nanoTime();
        Map<String, String> notes = new LinkedHashMap<>();
        try (WorkDirs.Run run = WorkDirs.run(dir, "shared-run-"); LoadSampler load = new LoadSampler(5_000)) {
            Path work = run.path();
            Path data = Files.createDirectories(work.resolve("data"));
            progress.note("writing the " + Sizes.format(size) + " file (untimed)");
            fileContent.write(data.resolve(FILE), size, progress.task("writing the file", size));
            try (BenchNode node = new BenchNode(data, work.resolve("node-data")); BenchGrid grid = new BenchGrid();
                 Cage admin = node.client("bench-admin").pageCount(0).build()) {
                notes.put("Cage", node.notes());
                progress.note("starting " + CLIENTS + " Hazelcast members on 127.0.0.1");
                HazelcastInstance[] members = new HazelcastInstance[CLIENTS];
                for (int i = 0; i < CLIENTS; i++) {
                    members[i] = grid.member();
                }
                results = runRounds(node, admin, members);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            report = new SharedReport(results, facts(startedAt, loadAtStart, load, elapsed, notes));
        }
        ReportOutput.emit(out, reportFile, report.markdown());
        return 0;
    }

    private SharedBenchResults runRounds(BenchNode node, Cage admin, HazelcastInstance[] members) throws Exception {
        PageSpace space = PageSpace.of(pages(), cachePages(), seed);
        List<SharedBenchResults.Round> a = new ArrayList<>();
        List<SharedBenchResults.Round> b = new ArrayList<>();
        List<SharedBenchResults.Latency> lat = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            long[][] traces = new long[CLIENTS][];
            for (int c = 0; c < CLIENTS; c++) {
                traces[c] = AccessPattern.ZIPF.trace(space, warmup + reads, seed + 1000L * round + c);
            }
            String tag = "round " + round + "/" + rounds;
            a.add(runMode(tag + " A private", node, admin, traces, null, null));
            log(tag + " A private", a.get(a.size() - 1));
            String map = "bench-pages-" + round;
            b.add(runMode(tag + " B shared", node, admin, traces, members, map));
            log(tag + " B shared", b.get(b.size() - 1));
            members[0].getMap(map).destroy();
            progress.note(tag + " latency: " + latencySamples + " cluster hits and " + latencySamples + " node reads");
            lat.add(latency(node, members, "bench-latency-" + round, new Random(seed + round)));
            members[0].getMap("bench-latency-" + round).destroy();
        }
        return new SharedBenchResults(a, b, lat);
    }

    private void log(String tag, SharedBenchResults.Round r) {
        progress.note(String.format(java.util.Locale.ROOT, "%s: %d node reads, %s reads/s, pages local/cluster/server %d/%d/%d",
            tag, r.nodeReads(), Format.number(r.readsPerSecond()), r.localHits(), r.clusterHits(), r.serverPages()));
    }

    /**
     * Three new clients (sharing through {@code members} if given), each reading its trace, all at once: the warm-up
     * part, then (once all three are through it) the measured part.
     */
    private SharedBenchResults.Round runMode(String tag, BenchNode node, Cage admin, long[][] traces,
                                             HazelcastInstance[] members, String map) throws Exception {
        List<Cage> cages = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            for (int c = 0; c < CLIENTS; c++) {
                cages.add(client(node, "bench-" + c, members == null ? null : members[c], map));
            }
            LongConsumer done = progress.task(tag + ": reads (warm-up, then measured)", (long) CLIENTS * (warmup + reads));
            long atStart = admin.admin(BenchNode.SERVER).node().readsServed();
            WarmupEnd warm = new WarmupEnd(admin, cages);
            CyclicBarrier endOfWarmup = new CyclicBarrier(CLIENTS, warm::mark);
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                Cage cage = cages.get(c);
                long[] trace = traces[c];
                running.add(pool.submit(() -> {
                    try {
                        readTrace(cage, trace, endOfWarmup, n -> {
                            synchronized (done) {
                                done.accept(n);
                            }
                        });
                    } catch (Exception e) {
                        endOfWarmup.reset(); // the others stop waiting for this client
                        throw e;
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            long nanos = System.nanoTime() - warm.nanos;
            long nodeReads = admin.admin(BenchNode.SERVER).node().readsServed() - warm.nodeReads;
            long[] tiers = tierTotals(cages);
            return new SharedBenchResults.Round(warm.nodeReads - atStart, nodeReads, (long) CLIENTS * reads, nanos,
                tiers[0] - warm.tiers[0], tiers[1] - warm.tiers[1], tiers[2] - warm.tiers[2], tiers[3],
                firstTouches(traces, members != null));
        } finally {
            pool.shutdownNow();
            for (Cage c : cages) {
                c.close();
            }
        }
    }

    /** What the node and the clients had counted when the last client finished its warm-up. */
    private static final class WarmupEnd {
        private final Cage admin;
        private final List<Cage> cages;
        long nodeReads;
        long[] tiers;
        long nanos;

        WarmupEnd(Cage admin, List<Cage> cages) {
            this.admin = admin;
            this.cages = cages;
        }

        void mark() {
            try {
                nodeReads = admin.admin(BenchNode.SERVER).node().readsServed();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            tiers = tierTotals(cages);
            nanos = System.nanoTime();
        }
    }

    /** Local hits, cluster hits, server reads and cluster errors of all the clients together. */
    private static long[] tierTotals(List<Cage> cages) {
        long[] t = new long[4];
        for (Cage cage : cages) {
            TierStats s = cage.tierStats();
            t[0] += s.localHits();
            t[1] += s.clusterHits();
            t[2] += s.serverReads();
            t[3] += s.clusterErrors();
        }
        return t;
    }

    /**
     * Pages of the measured parts no earlier read touched: per client, summed (private), or by any client (shared).
     * With no evictions and an unbounded shared tier these would be the only node reads.
     */
    private long firstTouches(long[][] traces, boolean together) {
        java.util.Set<Long> everyone = new java.util.HashSet<>();
        for (long[] t : traces) {
            for (int i = 0; i < warmup; i++) {
                everyone.add(t[i]);
            }
        }
        long sum = 0;
        java.util.Set<Long> newToAll = new java.util.HashSet<>();
        for (long[] t : traces) {
            java.util.Set<Long> seen = new java.util.HashSet<>();
            for (int i = 0; i < t.length; i++) {
                if (seen.add(t[i]) && i >= warmup) {
                    sum++;
                }
                if (i >= warmup && !everyone.contains(t[i])) {
                    newToAll.add(t[i]);
                }
            }
        }
        return together ? newToAll.size() : sum;
    }

    private void readTrace(Cage cage, long[] trace, CyclicBarrier endOfWarmup, LongConsumer done) throws Exception {
        CageChannel ch = cage.open(BenchNode.SERVER, FILE, OpenMode.SHARED_READ);
        byte[] buf = new byte[PAGE];
        for (int i = 0; i < trace.length; i++) {
            if (i == warmup) {
                endOfWarmup.await(10, java.util.concurrent.TimeUnit.MINUTES);
            }
            read(cage, ch, trace[i], buf);
            if ((i + 1) % 1000 == 0 || i + 1 == trace.length) {
                done.accept(i % 1000 + 1);
            }
        }
        cage.close(ch);
    }

    private void read(Cage cage, CageChannel ch, long page, byte[] buf) throws IOException {
        long offset = page * PAGE;
        int n = cage.read(ch, offset, buf, 0, PAGE);
        if (n != PAGE || !fileContent.matches(offset, buf, 0, PAGE)) {
            throw new IOException("page " + page + " read back other bytes than the file's (" + n + " bytes)");
        }
    }

    /**
     * A client on member 0 reads pages the others do not hold, and publishes them; then a client on member 1 reads
     * each of them (a cluster hit), alternating with a private client reading a page nobody holds (a node read).
     */
    private SharedBenchResults.Latency latency(BenchNode node, HazelcastInstance[] members, String map, Random r)
        throws Exception {
        int n = latencySamples;
        int[] chosen = distinctPages(2 * n, r);
        try (Cage publisher = client(node, "bench-publisher", members[0], map);
             Cage reader = client(node, "bench-cluster-reader", members[1], map);
             Cage plain = client(node, "bench-node-reader", null, null)) {
            CageChannel pc = publisher.open(BenchNode.SERVER, FILE, OpenMode.SHARED_READ);
            byte[] buf = new byte[PAGE];
            for (int i = 0; i < n; i++) {
                read(publisher, pc, chosen[i], buf);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (publisher.tierStats().published() < n && System.nanoTime() < deadline) {
                Thread.sleep(20); // the additions are asynchronous
            }
            CageChannel rc = reader.open(BenchNode.SERVER, FILE, OpenMode.SHARED_READ);
            CageChannel nc = plain.open(BenchNode.SERVER, FILE, OpenMode.SHARED_READ);
            long[] cluster = new long[n];
            long[] server = new long[n];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                int got = reader.read(rc, (long) chosen[i] * PAGE, buf, 0, PAGE);
                cluster[i] = System.nanoTime() - t0;
                check(chosen[i], buf, got);
                t0 = System.nanoTime();
                got = plain.read(nc, (long) chosen[n + i] * PAGE, buf, 0, PAGE);
                server[i] = System.nanoTime() - t0;
                check(chosen[n + i], buf, got);
            }
            Arrays.sort(cluster);
            Arrays.sort(server);
            long[] loopback = LoopbackRoundTrips.sample(n, size, seed);
            return new SharedBenchResults.Latency(cluster, server, loopback, reader.tierStats().clusterHits());
        }
    }

    private void check(long page, byte[] buf, int n) throws IOException {
        if (n != PAGE || !fileContent.matches(page * PAGE, buf, 0, PAGE)) {
            throw new IOException("page " + page + " read back other bytes than the file's (" + n + " bytes)");
        }
    }

    private int[] distinctPages(int count, Random r) {
        int[] perm = Traces.permutation(pages(), r);
        return Arrays.copyOf(perm, count);
    }

    private Cage client(BenchNode node, String name, HazelcastInstance member, String map) throws IOException {
        Cage.Builder b = node.client(name).pageSize(PAGE).pageCount(cachePages());
        if (member != null) {
            b.sharedPageCache(SharedPageCache.using(member).withMapName(map).withMegabytesPerMember(sharedMib));
        }
        return b.build();
    }

    private int pages() {
        return Math.toIntExact(size / PAGE);
    }

    private int cachePages() {
        return Math.max(1, (int) ((long) pages() * cachePercent / 100));
    }

    private Map<String, String> facts(Instant startedAt, String loadAtStart, LoadSampler load, Duration elapsed,
                                      Map<String, String> notes) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("Command", "cage bench shared --file-size " + Sizes.format(size) + " --rounds " + rounds + " --warmup " + warmup
            + " --reads " + reads
            + " --cache-percent " + cachePercent + " --shared-mib " + sharedMib + " --latency-samples " + latencySamples
            + " --seed " + seed);
        f.put("Machine", Runtime.getRuntime().availableProcessors() + " CPUs, " + System.getProperty("os.name") + " "
            + System.getProperty("os.version") + ", " + System.getProperty("java.vm.name") + " "
            + System.getProperty("java.runtime.version") + ", max heap " + Format.mib(Runtime.getRuntime().maxMemory())
            + ", JVM options " + ManagementFactory.getRuntimeMXBean().getInputArguments());
        f.put("Load average (1/5/15 min)", loadAtStart + " at start (" + startedAt + "), " + LoadSampler.now()
            + " at end; 1-min load every 5 s: " + load.summary() + "; run took " + elapsed.toSeconds() + " s");
        notes.forEach(f::put);
        f.put("Workload", "file of " + pages() + " pages of 4 KiB; " + CLIENTS + " clients in this JVM, each with its own"
            + " cache of " + cachePages() + " pages of 4 KiB (" + cachePercent + " % of the file, per client), each on its"
            + " own thread reading " + warmup + " + " + reads + " pages (warm-up + measured) of a Zipf(0.99) trace one at a"
            + " time (the same popularity ranking, a different seed per client and round); the measured part starts"
            + " when all three clients are through their warm-up; every round builds new clients (cold caches) and B a"
            + " new shared map; rounds run A then B; every read is checked against the file's bytes");
        f.put("Shared tier", CLIENTS + " Hazelcast members in this JVM on 127.0.0.1 (one per client, one cluster of its own),"
            + " map bound " + sharedMib + " MiB per member (USED_HEAP_SIZE), LFU, 0 backups, the default lookup"
            + " timeout (500 ms)");
        f.put("Latency", "per round, a client on the first member reads and publishes " + latencySamples + " pages; a"
            + " client on the second member then reads each of them (cluster hits; about a third of the keys are owned by"
            + " its own member), alternating with as many other pages that a client without the tier reads from the node"
            + " (node reads); both readers' own caches cold; each read timed on its own; then as many 4 KiB answers to"
            + " 8-byte requests over a plain TCP socket on 127.0.0.1 (the loopback round trip, the floor of both)");
        return f;
    }

    private void validate() {
        if (rounds <= 0 || reads <= 0 || latencySamples <= 0 || sharedMib <= 0) {
            fail("--rounds, --reads, --latency-samples and --shared-mib must be positive");
        }
        if (warmup < 0) {
            fail("--warmup must be 0 or more, not " + warmup);
        }
        if (cachePercent <= 0 || cachePercent > 100) {
            fail("--cache-percent must be 1..100, not " + cachePercent);
        }
        if (size % PAGE != 0 || size / PAGE < 4L * latencySamples || size / PAGE > Integer.MAX_VALUE) {
            fail("--file-size must be a multiple of 4 KiB with at least 4 pages per latency sample, not " + size);
        }
    }

    private void fail(String message) {
        throw new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** Everything the last run measured; {@code null} before a run. */
    SharedBenchResults results() {
        return results;
    }

    /** The Markdown report of the last run. */
    public String reportText() {
        return report == null ? null : report.markdown();
    }
}
