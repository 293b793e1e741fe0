package dev.cage.bench.cache;

import dev.cage.bench.Stats;
import dev.cage.bench.WorkDirs;
import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.OpenMode;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cage bench coherence}: what keeping other clients' caches coherent costs a writer. One writer writes 4 KiB
 * pages of a 1 MiB file and pushes each (a write acknowledged only once every other client caching the page dropped
 * it), with 0, 1 and 8 other clients caching the whole file: idle (they only answer the invalidations) and busy
 * (they read random pages all along, so some reads meet a change not yet dropped everywhere and wait for it). Rounds
 * interleaved, medians reported, CPU time of the whole process per write beside the latencies.
 */
@Command(name = "coherence", mixinStandardHelpOptions = true,
    description = "4 KiB write latency with 0, 1 and 8 other clients caching the file, idle and reading.")
public final class CoherenceBenchCommand implements Callable<Integer> {
    private static final int PAGE = 4096;
    private static final int PAGES = 256;
    private static final String FILE = "coherence.bin";

    @Option(names = "--seconds", defaultValue = "3", description = "Seconds per measurement (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--rounds", defaultValue = "3", description = "Rounds, interleaved; medians reported (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--others", defaultValue = "0,1,8", split = ",",
        description = "Numbers of other clients caching the file (default: ${DEFAULT-VALUE}).")
    List<Integer> others;

    @Option(names = "--dir", defaultValue = "bench-work-coherence", description = "Work directory, removed afterwards.")
    Path dir;

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new CoherenceBenchCommand()).execute(args));
    }

    /** One measurement: the writer's latencies, the process CPU per write, the other clients' reads. */
    private record Sample(long writes, long p50Nanos, long p99Nanos, double cpuMicrosPerWrite, long reads, long held) {
    }

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(dir);
        try (WorkDirs.Run run = WorkDirs.run(dir, "coherence-run-")) {
            Path root = Files.createDirectories(run.path().resolve("root"));
            Files.write(root.resolve(FILE), new byte[PAGE * PAGES]);
            try (BenchNode node = new BenchNode(root, run.path().resolve("node-data"))) {
                List<String[]> cases = new ArrayList<>();
                for (int n : others) {
                    cases.add(new String[] {String.valueOf(n), "idle"});
                    if (n > 0) {
                        cases.add(new String[] {String.valueOf(n), "reading"});
                    }
                }
                measure(node, 1, false, Math.min(1, seconds)); // warm-up, not reported: the JIT compiles the paths
                List<List<Sample>> samples = new ArrayList<>();
                cases.forEach(c -> samples.add(new ArrayList<>()));
                for (int r = 0; r < rounds; r++) {
                    for (int i = 0; i < cases.size(); i++) {
                        String[] c = cases.get(i);
                        System.err.printf(Locale.ROOT, "round %d/%d: %s other clients, %s%n", r + 1, rounds, c[0], c[1]);
                        samples.get(i).add(measure(node, Integer.parseInt(c[0]), c[1].equals("reading"), seconds));
                    }
                }
                out.println(report(node, cases, samples));
            }
        }
        return 0;
    }

    private String report(BenchNode node, List<String[]> cases, List<List<Sample>> samples) {
        StringBuilder b = new StringBuilder("## Coherence: 4 KiB writes with other clients caching the file (one run)\n\n")
            .append("| other clients caching | they | writes/s | p50 µs | p99 µs | CPU µs per write | their reads/s | replies held for an invalidation |\n")
            .append("|---:|---|---:|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < cases.size(); i++) {
            List<Sample> s = samples.get(i);
            b.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f |%n", cases.get(i)[0], cases.get(i)[1],
                median(s, x -> x.writes() / seconds), median(s, x -> x.p50Nanos() / 1e3), median(s, x -> x.p99Nanos() / 1e3),
                median(s, Sample::cpuMicrosPerWrite), median(s, x -> x.reads() / seconds), median(s, x -> (double) x.held())));
        }
        return b.append("\n").append(rounds).append(" rounds of ").append(seconds).append(" s, medians; ")
            .append(node.notes()).append(", no journal; ").append(Runtime.getRuntime().availableProcessors())
            .append(" cores. Every client is a Cage of its own in this process (4 KiB pages, room for the whole file).\n")
            .toString();
    }

    private static double median(List<Sample> s, java.util.function.ToDoubleFunction<Sample> f) {
        return Stats.median(s.stream().mapToDouble(f).toArray());
    }

    private Sample measure(BenchNode node, int othersCaching, boolean reading, double secs) throws Exception {
        List<Cage> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, othersCaching));
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder reads = new LongAdder();
        List<Future<?>> readers = new ArrayList<>();
        try {
            for (int i = 0; i < othersCaching; i++) {
                Cage c = node.client("other-" + i).pageSize(PAGE).pageCount(PAGES * 2).build();
                clients.add(c);
                CageChannel ch = c.open(BenchNode.SERVER, FILE, OpenMode.SHARED_READ);
                c.read(ch, 0, PAGE * PAGES); // caches every page
                if (reading) {
                    Random rnd = new Random(i);
                    readers.add(pool.submit(() -> {
                        while (!stop.get()) {
                            c.read(ch, (long) rnd.nextInt(PAGES) * PAGE, PAGE);
                            reads.increment();
                        }
                        return null;
                    }));
                }
            }
            Cage writer = node.client("writer").pageSize(PAGE).pageCount(PAGES * 2).build();
            clients.add(writer);
            CageChannel w = writer.open(BenchNode.SERVER, FILE, OpenMode.SHARED_WRITE);
            byte[] data = new byte[PAGE];
            Random rnd = new Random(42);
            long[] latencies = new long[1 << 16];
            int n = 0;
            long heldBefore = node.heldReplies();
            long readsBefore = reads.sum();
            long cpuBefore = processCpuNanos();
            long end = System.nanoTime() + (long) (secs * 1e9);
            long now;
            while ((now = System.nanoTime()) - end < 0) {
                rnd.nextBytes(data);
                writer.write(w, (long) rnd.nextInt(PAGES) * PAGE, data);
                writer.putPages(w);
                long took = System.nanoTime() - now;
                if (n == latencies.length) {
                    latencies = Arrays.copyOf(latencies, n * 2);
                }
                latencies[n++] = took;
            }
            double cpu = (processCpuNanos() - cpuBefore) / 1e3 / Math.max(1, n);
            long readCount = reads.sum() - readsBefore;
            long held = node.heldReplies() - heldBefore;
            stop.set(true);
            for (Future<?> f : readers) {
                f.get(); // a failed read fails the run
            }
            long[] sorted = Arrays.copyOf(latencies, n);
            Arrays.sort(sorted);
            return new Sample(n, Stats.percentile(sorted, 50), Stats.percentile(sorted, 99), cpu, readCount, held);
        } finally {
            stop.set(true);
            pool.shutdown();
            clients.forEach(Cage::close);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
