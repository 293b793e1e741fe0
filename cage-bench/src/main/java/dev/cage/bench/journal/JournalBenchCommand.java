package dev.cage.bench.journal;

import dev.cage.bench.Stats;
import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.client.ServerSpec;
import dev.cage.protocol.OpenMode;
import dev.cage.server.CageNode;
import dev.cage.server.NodeConfig;
import dev.cage.server.journal.FileRecord;
import dev.cage.server.journal.JournalConfig;
import dev.cage.server.journal.JournalStore;
import dev.cage.server.journal.NamespaceOp;
import dev.cage.server.journal.NamespaceRecord;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cage bench journal}: what the operation journal costs. The same workloads run against a node with
 * its journal (embedded H2, durable before every acknowledgement) and one without, in one run, rounds
 * interleaved, medians reported as ratios; then a rollback of one file over many journaled writes is timed.
 */
@Command(name = "journal", mixinStandardHelpOptions = true,
    description = "Journaled against unjournaled writes on the same machine, and a large rollback.")
public final class JournalBenchCommand implements Callable<Integer> {
    @Option(names = "--seconds", defaultValue = "5", description = "Seconds per measurement (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warmup", defaultValue = "3", description = "Seconds of each workload on each node before the"
        + " first round, not measured, so the JIT has compiled the journal's code (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--rounds", defaultValue = "3", description = "Rounds, interleaved; medians reported (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--sessions", defaultValue = "1,8,64", split = ",", description = "Concurrent sessions (default: ${DEFAULT-VALUE}).")
    List<Integer> sessions;

    @Option(names = "--rollback-writes", defaultValue = "100000", description = "Journaled writes to roll back (default: ${DEFAULT-VALUE}).")
    int rollbackWrites;

    @Option(names = "--dir", defaultValue = "bench-work-journal", description = "Work directory, removed afterwards.")
    Path dir;

    private final PrintStream out = System.out;
    private final WriteLoad load = new WriteLoad();

    public static void main(String[] args) {
        System.exit(new CommandLine(new JournalBenchCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(dir);
        try {
            StringBuilder report = new StringBuilder("## Journal: journaled against unjournaled (same machine, one run)\n\n")
                .append("| workload | unjournaled | journaled | journaled / unjournaled | log forces per write"
                    + " | CPU µs per write, unjournaled / journaled |\n")
                .append("|---|---:|---:|---:|---:|---:|\n");
            try (Node journaled = new Node(dir.resolve("j"), true); Node plain = new Node(dir.resolve("p"), false)) {
                warmUp(journaled, plain);
                for (int n : sessions) {
                    double[] j = new double[rounds];
                    double[] p = new double[rounds];
                    double[] forces = new double[rounds];
                    double[] pCpu = new double[rounds];
                    double[] jCpu = new double[rounds];
                    for (int r = 0; r < rounds; r++) {
                        progress("4 KiB random writes, " + n + " sessions, round " + (r + 1));
                        p[r] = load.randomWrites(plain, n, seconds);
                        pCpu[r] = load.lastCpuMicrosPerWrite;
                        long forcesBefore = journaled.forces();
                        j[r] = load.randomWrites(journaled, n, seconds);
                        jCpu[r] = load.lastCpuMicrosPerWrite;
                        forces[r] = (journaled.forces() - forcesBefore) / (double) load.lastWrites;
                    }
                    row(report, "4 KiB random writes/s, " + n + " session" + (n == 1 ? "" : "s"), Stats.median(p),
                        Stats.median(j), Stats.median(forces), Stats.median(pCpu), Stats.median(jCpu));
                }
                double[] j = new double[rounds];
                double[] p = new double[rounds];
                double[] forces = new double[rounds];
                double[] pCpu = new double[rounds];
                double[] jCpu = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    progress("1 MiB sequential writes, round " + (r + 1));
                    p[r] = load.sequential(plain, seconds);
                    pCpu[r] = load.lastCpuMicrosPerWrite;
                    long forcesBefore = journaled.forces();
                    j[r] = load.sequential(journaled, seconds);
                    jCpu[r] = load.lastCpuMicrosPerWrite;
                    forces[r] = (journaled.forces() - forcesBefore) / (double) load.lastWrites;
                }
                row(report, "1 MiB sequential writes, MiB/s", Stats.median(p), Stats.median(j), Stats.median(forces),
                    Stats.median(pCpu), Stats.median(jCpu));
            }
            progress("rollback over " + rollbackWrites + " journaled writes");
            report.append('\n').append(rollback());
            out.println(report);
            out.println(targets(report.toString()));
        } finally {
            dev.cage.bench.WorkDirs.delete(dir);
        }
        return 0;
    }

    /** Runs every workload on both nodes once, unmeasured: the first measured round must not pay for compiling. */
    private void warmUp(Node journaled, Node plain) throws Exception {
        if (warmup <= 0) {
            return;
        }
        progress("warming up, " + warmup + " s per workload and node");
        int most = sessions.stream().mapToInt(Integer::intValue).max().orElse(1);
        for (Node node : List.of(plain, journaled)) {
            load.randomWrites(node, 1, warmup);
            load.randomWrites(node, most, warmup);
            load.sequential(node, warmup);
        }
    }

    private void row(StringBuilder b, String what, double plain, double journaled, double forcesPerWrite,
                     double plainCpu, double journaledCpu) {
        b.append(String.format("| %s | %,.0f | %,.0f | %.0f %% | %.3f | %,.0f / %,.0f |%n", what, plain, journaled,
            100 * journaled / plain, forcesPerWrite, plainCpu, journaledCpu));
    }

    /** A node on its own directory, with or without its journal, and its admin credentials. */
    private static final class Node implements AutoCloseable, WriteLoad.Target {
        final CageNode node;
        final ServerSpec spec;
        final Path root;

        Node(Path base, boolean journal) throws Exception {
            root = Files.createDirectories(base.resolve("root"));
            NodeConfig.Builder b = NodeConfig.builder(root).dataDir(base.resolve("data")).port(0).journalReads(false);
            if (!journal) {
                b.journal(null);
            }
            node = CageNode.start(b.build());
            spec = new ServerSpec("127.0.0.1", node.port(), "admin", Files.readAllLines(node.adminSecretFile()).get(1));
        }

        /** Waits until the journal's rows have caught up, so their CPU time counts where it was caused. */
        @Override
        public void settle() {
            if (node.journalStore() != null) {
                node.journalStore().stats(); // a query: it waits for the rows of everything appended
            }
        }

        /** Forced writes of the journal's log so far (0 without a journal). */
        long forces() {
            return node.journalStore() == null ? 0 : node.journalStore().logStats().forces();
        }

        @Override
        public Cage client() throws Exception {
            return Cage.builder().name("bench").server("s", spec).pageCount(0).build();
        }

        @Override
        public void close() {
            node.close();
        }
    }

    /**
     * Journals {@code rollbackWrites} writes of 512 bytes at random offsets of a 4 MiB file (through the
     * journal store, applying each to the file exactly as the node would, which is far quicker than sending
     * them one by one), starts a node on that tree and journal, and times the rollback to before the first.
     */
    private String rollback() throws Exception {
        Path base = dir.resolve("rb");
        Path root = Files.createDirectories(base.resolve("root"));
        Path data = base.resolve("data");
        Path file = root.resolve("history.bin");
        Files.write(file, new byte[4 << 20]);
        byte[] original = Files.readAllBytes(file);
        Instant before = Instant.now();
        long buildStart = System.nanoTime();
        try (JournalStore store = JournalStore.open(JournalConfig.embedded(data));
             FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            Random rnd = new Random(7);
            List<CompletableFuture<Long>> pending = new ArrayList<>();
            OffsetDateTime t = OffsetDateTime.now(ZoneOffset.UTC).plusNanos(1000);
            for (int i = 0; i < rollbackWrites; i++) {
                long offset = (long) rnd.nextInt((4 << 20) / 512) * 512;
                byte[] bytes = new byte[512];
                rnd.nextBytes(bytes);
                ByteBuffer old = ByteBuffer.allocate(512);
                ch.read(old, offset);
                pending.add(store.append(FileRecord.write(t, 1, "history.bin", offset, bytes, old.array(), 4 << 20, 4 << 20)));
                ch.write(ByteBuffer.wrap(bytes), offset);
                if (pending.size() >= 4096) {
                    pending.forEach(CompletableFuture::join);
                    pending.clear();
                    progress("journaling writes: " + (i + 1) + " / " + rollbackWrites);
                }
            }
            pending.forEach(CompletableFuture::join);
            ch.force(true);
            store.appendNow(new NamespaceRecord(OffsetDateTime.now(ZoneOffset.UTC), 0, "node", "", NamespaceOp.CHECKPOINT, "bench"));
        }
        double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
        CageNode node = CageNode.start(NodeConfig.builder(root).dataDir(data).port(0).build());
        try (Cage c = Cage.builder().server("s", new ServerSpec("127.0.0.1", node.port(), "admin",
                 Files.readAllLines(node.adminSecretFile()).get(1))).pageCount(0).build()) {
            long start = System.nanoTime();
            int steps = c.journal("s").rollback("history.bin", false, before);
            double secs = (System.nanoTime() - start) / 1e9;
            boolean exact = java.util.Arrays.equals(Files.readAllBytes(file), original);
            return String.format("Rollback of one file over %,d journaled 512-byte writes: %.2f s (%,d undo steps; "
                + "bytes identical to before: %s; building that history took %.1f s). Target: under 10 s: %s%n",
                rollbackWrites, secs, steps, exact, buildSeconds, secs < 10 && exact ? "MET" : "NOT MET");
        } finally {
            node.close();
        }
    }

    private static String targets(String report) {
        return "Targets (issue 12): journaled / unjournaled at least 60 % for 1 MiB sequential writes, 50 % for 4 KiB"
            + " writes at 1 session and 80 % at 64; log forces per write at most 1 at 1 session and 0.1 at 64;"
            + " rollback under 10 s (above).";
    }

    private static void progress(String what) {
        System.err.println("bench journal: " + what);
    }

}
