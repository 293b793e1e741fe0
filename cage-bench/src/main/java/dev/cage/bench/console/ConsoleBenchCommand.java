package dev.cage.bench.console;

import dev.cage.bench.Stats;
import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.client.ServerSpec;
import dev.cage.protocol.OpenMode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cage bench console}: what open console pages cost a node. The same 4 KiB random writes run against a node
 * with no console page open and with {@code --pages} live streams open (each a logged-in session reading every
 * tick, as a page does), rounds interleaved (A B, B A, ...), medians reported as a ratio. Also: the time to load a
 * page (its HTML, script, styles, chart library and first API answers over HTTP) and how late ticks arrive.
 * Needs a running node and console ({@code ./cage server --root DIR --console}).
 */
@Command(name = "console", mixinStandardHelpOptions = true,
    description = "A node's 4 KiB write throughput with and without open console pages; page-load time; event latency.")
public final class ConsoleBenchCommand implements Callable<Integer> {
    @Option(names = "--node", defaultValue = "127.0.0.1:7070", description = "The node, host:port (default: ${DEFAULT-VALUE}).")
    String node;

    @Option(names = "--node-secret-file", description = "The node's admin secret: the file its first start wrote"
        + " (default: ~/.cage/node-PORT/admin.secret).")
    Path nodeSecretFile;

    @Option(names = "--console", defaultValue = "http://127.0.0.1:8080/cage-web/", description = "The console (default: ${DEFAULT-VALUE}).")
    URI console;

    @Option(names = "--console-user", defaultValue = "admin", description = "A console user (default: ${DEFAULT-VALUE}).")
    String consoleUser;

    @Option(names = "--console-password-file", description = "Its password (default: ~/.cage/console/admin.password).")
    Path consolePasswordFile;

    @Option(names = "--pages", defaultValue = "20", description = "Open pages, as live streams (default: ${DEFAULT-VALUE}).")
    int pages;

    @Option(names = "--sessions", defaultValue = "8", description = "Writing sessions (default: ${DEFAULT-VALUE}).")
    int sessions;

    @Option(names = "--seconds", defaultValue = "5", description = "Seconds per measurement (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--rounds", defaultValue = "4", description = "Rounds of each, interleaved; medians reported (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--warmup", defaultValue = "3", description = "Seconds of unmeasured writing first (default: ${DEFAULT-VALUE}).")
    int warmup;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ConsoleBenchCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        String host = node.substring(0, node.lastIndexOf(':'));
        int port = Integer.parseInt(node.substring(node.lastIndexOf(':') + 1));
        String home = System.getProperty("user.home");
        List<String> secret = Files.readAllLines(nodeSecretFile != null ? nodeSecretFile
            : Path.of(home, ".cage", "node-" + port, "admin.secret"));
        ServerSpec spec = new ServerSpec(host, port, secret.size() > 1 ? secret.get(0) : "admin", secret.get(secret.size() - 1));
        String password = Files.readString(consolePasswordFile != null ? consolePasswordFile
            : Path.of(home, ".cage", "console", "admin.password")).strip();

        progress("page load, 6 times");
        double[] loads = new double[6];
        for (int i = 0; i < loads.length; i++) {
            loads[i] = new ConsoleClient(console, consoleUser, password).loadPageMillis();
        }
        progress("warming up, " + warmup + " s");
        writes(spec, warmup);
        double[] none = new double[rounds];
        double[] open = new double[rounds];
        List<Long> latencies = new ArrayList<>();
        long lost = 0;
        long received = 0;
        for (int r = 0; r < rounds; r++) {
            boolean pagesFirst = r % 2 == 1;
            for (int half = 0; half < 2; half++) {
                boolean withPages = (half == 0) == pagesFirst;
                progress("round " + (r + 1) + " of " + rounds + ", " + (withPages ? pages + " pages open" : "no page open"));
                if (!withPages) {
                    none[r] = writes(spec, seconds);
                    continue;
                }
                try (OpenPages openPages = OpenPages.open(console, consoleUser, password, pages)) {
                    openPages.awaitLive(TimeUnit.SECONDS.toMillis(30));
                    openPages.startMeasuring();
                    open[r] = writes(spec, seconds);
                    OpenPages.Figures f = openPages.stop();
                    latencies.addAll(f.latenciesMillis());
                    lost += f.lostEvents();
                    received += f.receivedEvents();
                }
            }
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        StringBuilder report = new StringBuilder("## Console: what open pages cost a node (same machine, one run)\n\n")
            .append("| workload | no page open | ").append(pages).append(" pages open | with / without |\n")
            .append("|---|---:|---:|---:|\n")
            .append(String.format("| 4 KiB random writes/s, %d sessions | %,.0f | %,.0f | %.1f %% |%n", sessions,
                Stats.median(none), Stats.median(open), 100 * Stats.median(open) / Stats.median(none)))
            .append(String.format("%nPage load (HTML, script, styles, chart library, login and the first API answers,"
                + " over HTTP, one after another): first %.0f ms, median of the next five %.0f ms.%n", loads[0],
                Stats.median(java.util.Arrays.copyOfRange(loads, 1, loads.length))))
            .append(String.format("Event latency (a tick's time on the console to its arrival at a page): p50 %d ms,"
                + " p99 %d ms, over %,d events; events lost: %d.%n", sorted.length == 0 ? 0 : Stats.percentile(sorted, 50),
                sorted.length == 0 ? 0 : Stats.percentile(sorted, 99), received, lost));
        System.out.println(report);
        return lost == 0 && received > 0 ? 0 : 1;
    }

    /** Each session writes 4 KiB at random offsets of its own 16 MiB file; returns writes per second. */
    private double writes(ServerSpec spec, int forSeconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(sessions);
        List<Cage> clients = new ArrayList<>();
        try {
            List<Future<Long>> counts = new ArrayList<>();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(forSeconds);
            for (int i = 0; i < sessions; i++) {
                Cage c = Cage.builder().name("bench-" + i).server("s", spec).pageCount(0).build();
                clients.add(c);
                CageChannel ch = c.open("s", "console-bench-" + i + ".bin", OpenMode.SHARED_WRITE, true);
                Random random = new Random(i);
                counts.add(pool.submit(() -> {
                    byte[] page = new byte[4096];
                    long n = 0;
                    while (System.nanoTime() < end) {
                        random.nextBytes(page);
                        c.write(ch, (long) random.nextInt(4096) * 4096, page);
                        n++;
                    }
                    return n;
                }));
            }
            long total = 0;
            for (Future<Long> f : counts) {
                total += f.get();
            }
            return total / (double) forSeconds;
        } finally {
            pool.shutdownNow();
            for (Cage c : clients) {
                c.close();
            }
        }
    }

    private static void progress(String what) {
        System.err.println("bench console: " + what);
    }
}
