package dev.cage.bench.cache;

import dev.cage.bench.ReportOutput;
import dev.cage.bench.WorkDirs;
import dev.cage.bench.LocalNioColumn;
import dev.cage.bench.SftpColumn;
import dev.cage.bench.Sizes;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cage bench cache}: the page-cache benchmark of issue 3, in one run. (1) Random 4 KiB reads through a
 * Cage whose cache holds 10 % of the file, uniform and Zipf(0.99), side by side with SFTP, local NIO and a
 * Cage without cache; (2) trace-driven hit rates of the cache's policy against optimal, LFU and LRU;
 * (3) waking a hibernated cache of the whole file against reading it again cold; (4) the heap a full cache
 * costs. Prints a Markdown report with ratios and MET / NOT MET per target; progress goes to stderr. Exit code
 * 0 means the run completed and every byte read was the file's, whether or not the targets were met.
 */
@Command(name = "cache", mixinStandardHelpOptions = true,
    description = "Measure the client page cache: cached random reads, hit rates, hibernation, memory.")
public final class CacheBenchCommand implements Callable<Integer> {
    static final String FILE = "cache-bench.bin";
    private static final List<String> PARTS = List.of("reads", "hit-rates", "hibernation");
    private static final int PAGE = FileContent.BLOCK;

    @Option(names = "--size", defaultValue = "1g", converter = Sizes.class, paramLabel = "SIZE",
        description = "Size of the file, a multiple of 64 KiB (k, m, g suffixes; default: ${DEFAULT-VALUE}).")
    long size;

    @Option(names = "--rounds", defaultValue = "3", paramLabel = "N",
        description = "Interleaved rounds; figures are medians across them (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--trace-length", defaultValue = "2000000", paramLabel = "N",
        description = "Page accesses per hit-rate trace (default: ${DEFAULT-VALUE}).")
    int traceLength;

    @Option(names = "--reads", defaultValue = "50000", paramLabel = "N",
        description = "4 KiB reads per trace: every column reads the same trace per pattern and round (default: ${DEFAULT-VALUE}).")
    int reads;

    @Option(names = "--warm-reads", defaultValue = "0", paramLabel = "N",
        description = "Reads that warm each cached Cage before the first round; 0: four times its page count (default).")
    int warmReads;

    @Option(names = "--min-seconds", defaultValue = "1", paramLabel = "S",
        description = "Read time each timed run lasts at least; a fast column reads its trace again, whole (default: ${DEFAULT-VALUE}).")
    double minSeconds;

    @Option(names = "--seed", defaultValue = "20261121", paramLabel = "N", description = "Seed of the file and the traces.")
    long seed;

    @Option(names = "--only", paramLabel = "LIST",
        description = "Comma list of parts: reads, hit-rates, hibernation (default: all; memory is measured in reads and hibernation).")
    String only;

    @Option(names = "--dir", defaultValue = "bench-work", paramLabel = "DIR",
        description = "Work directory on the disk to measure; removed afterwards (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write the Markdown report to FILE.")
    Path reportFile;

    @Spec
    CommandSpec spec;

    private final PrintStream out = System.out;
    private final StderrProgress progress = new StderrProgress(System.err);
    private final HeapMeter heap = HeapMeter.jvm();
    private CacheBenchResults results;
    private CacheReport report;

    public static void main(String[] args) {
        System.exit(new CommandLine(new CacheBenchCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Set<String> parts = parts();
        validate(parts);
        Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String loadAtStart = LoadSampler.now();
        long started = System.nanoTime();
        FileContent content = new FileContent(seed);
        Map<String, String> notes = new LinkedHashMap<>();
        try (WorkDirs.Run run = WorkDirs.run(dir, "cache-run-"); LoadSampler load = new LoadSampler(5_000)) {
            Path work = run.path();
            Path data = Files.createDirectories(work.resolve("data"));
            progress.note("writing the " + Sizes.format(size) + " file in " + data.toAbsolutePath() + " (untimed)");
            content.write(data.resolve(FILE), size, progress.task("writing the file", size));
            try (BenchNode node = new BenchNode(data, work.resolve("node-data"))) {
                notes.put("Cage", node.notes());
                RandomReadResults random = null;
                MemoryFigure zipfMemory = null;
                if (parts.contains("reads")) {
                    ReadsPart part = new ReadsPart(node, data, content, notes);
                    random = part.run();
                    zipfMemory = part.zipfMemory;
                }
                List<HitRateBenchmark.Row> hitRates = List.of();
                if (parts.contains("hit-rates")) {
                    progress.note("hit rates: " + pages() + " pages, 10 % cache, traces of " + traceLength + " accesses");
                    hitRates = HitRateBenchmark.run(pages(), 10, traceLength, seed, progress::note);
                }
                HibernationResults hibernation = null;
                if (parts.contains("hibernation")) {
                    hibernation = new HibernationBench(node, content, FILE, size, work.resolve("cache.dump"), heap,
                        System::nanoTime, progress).run(rounds);
                }
                results = new CacheBenchResults(random, zipfMemory, hitRates, hibernation);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            report = new CacheReport(results, facts(parts, startedAt, loadAtStart, load, elapsed, notes));
        }
        ReportOutput.emit(out, reportFile, report.markdown());
        return 0;
    }

    /** Part 1 and the memory of its Zipf cache: columns started, caches warmed, rounds run, all closed again. */
    private final class ReadsPart {
        private final BenchNode node;
        private final Path data;
        private final FileContent content;
        private final Map<String, String> notes;
        private MemoryFigure zipfMemory;

        ReadsPart(BenchNode node, Path data, FileContent content, Map<String, String> notes) {
            this.node = node;
            this.data = data;
            this.content = content;
            this.notes = notes;
        }

        RandomReadResults run() throws Exception {
            int cachePages = cachePages();
            PageSpace space = PageSpace.of(pages(), cachePages, seed);
            TimedReads timed = new TimedReads(content, System::nanoTime);
            RandomReadBench bench = new RandomReadBench(space, reads, warmReads > 0 ? warmReads : 4 * cachePages,
                (long) (minSeconds * 1e9), seed, timed, System::gc, progress);
            List<ReadColumn> shared = new ArrayList<>();
            Map<AccessPattern, CageReads> cached = new LinkedHashMap<>();
            try {
                progress.note("random reads: starting local NIO, SFTP and a Cage without cache");
                ColumnReads nio = new ColumnReads(new LocalNioColumn(data), FILE);
                shared.add(nio);
                ColumnReads sftp = new ColumnReads(new SftpColumn(data), FILE);
                shared.add(sftp);
                notes.put("SFTP", sftp.notes());
                shared.add(new CageReads(CacheTargets.NO_CACHE, node.client("bench-no-cache").pageCount(0), FILE));
                bench.jitWarmUp(shared);
                RandomReadResults results = new RandomReadResults(List.of(CacheTargets.NIO, CacheTargets.SFTP,
                    CacheTargets.NO_CACHE, CacheTargets.CACHED));
                // The Zipf cache first, alone, so its heap is measured against a quiet baseline.
                for (AccessPattern p : List.of(AccessPattern.ZIPF, AccessPattern.UNIFORM, AccessPattern.ZIPF_RESIDENT)) {
                    long baseline = p == AccessPattern.ZIPF ? heap.usedAfterGc() : 0;
                    CageReads c = new CageReads(CacheTargets.CACHED, node.client("bench-" + p.id()).pageSize(PAGE)
                        .pageCount(cachePages), FILE);
                    cached.put(p, c);
                    progress.note("random reads: warming the cached Cage for " + p.id());
                    RandomReadResults.WarmUp w = bench.warm(c, p);
                    results.warmedUp(p, w);
                    if (p == AccessPattern.ZIPF) {
                        zipfMemory = new MemoryFigure("10 % Zipf cache (4 KiB pages), warmed", baseline, heap.usedAfterGc(),
                            PAGE, cachePages, w.pagesCached());
                    }
                }
                Map<AccessPattern, CageReads> inOrder = new LinkedHashMap<>();
                for (AccessPattern p : AccessPattern.values()) {
                    inOrder.put(p, cached.get(p));
                }
                bench.run(rounds, shared, inOrder, results);
                return results;
            } finally {
                List<AutoCloseable> all = new ArrayList<>(shared);
                all.addAll(cached.values());
                for (AutoCloseable c : all) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        progress.note("closing a column failed: " + e);
                    }
                }
            }
        }
    }

    private int pages() {
        return Math.toIntExact(size / PAGE);
    }

    /** The Cage cache of part 1: 10 % of the file's 4 KiB pages. */
    private int cachePages() {
        return Math.max(1, pages() / 10);
    }

    private Map<String, String> facts(Set<String> parts, Instant startedAt, String loadAtStart, LoadSampler load,
                                      Duration elapsed, Map<String, String> notes) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("Command", "cage bench cache --size " + Sizes.format(size) + " --rounds " + rounds + " --trace-length "
            + traceLength + " --reads " + reads + (warmReads > 0 ? " --warm-reads " + warmReads : "") + " --min-seconds "
            + minSeconds + " --seed " + seed + (only != null ? " --only " + only : "") + "; parts " + parts);
        f.put("Machine", Runtime.getRuntime().availableProcessors() + " CPUs, " + System.getProperty("os.name") + " "
            + System.getProperty("os.version") + ", " + System.getProperty("java.vm.name") + " "
            + System.getProperty("java.runtime.version") + ", max heap " + Format.mib(Runtime.getRuntime().maxMemory())
            + ", JVM options " + ManagementFactory.getRuntimeMXBean().getInputArguments());
        f.put("Load average (1/5/15 min)", loadAtStart + " at start (" + startedAt + "), " + LoadSampler.now()
            + " at end; 1-min load every 5 s: " + load.summary() + "; run took " + elapsed.toSeconds() + " s");
        notes.forEach(f::put);
        f.put("Random reads", "file of " + pages() + " pages of 4 KiB; the cached Cage has 4 KiB pages and a page count"
            + " of " + cachePages() + " (10 %); one read at a time; every column reads the same seeded trace per pattern"
            + " and round, in an order rotating by one each round; a full GC (untimed) before each timed run; only the"
            + " reads are timed, in batches of " + TimedReads.BATCH + ", and every 4 KiB read is checked against the"
            + " file's known bytes (stamped with its block number) outside the timing; a run repeats its trace until "
            + minSeconds + " s of read time");
        f.put("Memory", HeapMeter.method() + "; heap added = used with the cache full minus used before the Cage was built");
        f.put("Local NIO", "FileChannel positioned reads of the same file (from the OS page cache: a memory-speed limit)");
        return f;
    }

    private Set<String> parts() {
        Set<String> chosen = new TreeSet<>(Comparator.comparingInt(PARTS::indexOf));
        if (only == null || only.isBlank()) {
            chosen.addAll(PARTS);
            return chosen;
        }
        for (String part : only.split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            if (!PARTS.contains(p)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                    "unknown part '" + p + "'; known: " + String.join(", ", PARTS));
            }
            chosen.add(p);
        }
        if (chosen.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--only names no part");
        }
        return chosen;
    }

    private void validate(Set<String> parts) {
        requirePositive(rounds, "--rounds");
        requirePositive(traceLength, "--trace-length");
        requirePositive(reads, "--reads");
        if (warmReads < 0 || minSeconds < 0) {
            fail("--warm-reads and --min-seconds must not be negative");
        }
        if (size < 10L * HibernationBench.PAGE || size % HibernationBench.PAGE != 0) {
            fail("--size must be a multiple of 64 KiB and at least 640 KiB, not " + size);
        }
        if (size / PAGE > Integer.MAX_VALUE) {
            fail("--size is too large: at most " + Integer.MAX_VALUE + " pages of 4 KiB");
        }
        long needed = parts.contains("hibernation") ? 5 * size / 2 + (256L << 20) : size / 5 + (256L << 20);
        if (Runtime.getRuntime().maxMemory() < needed) {
            fail("--size " + Sizes.format(size) + " needs a heap of about " + Format.mib(needed) + " (a full cache, and"
                + " the dump being read or written next to it); this JVM may use " + Format.mib(Runtime.getRuntime().maxMemory())
                + ": run it with java -Xmx" + Math.max(1, (needed >> 30) + 1) + "g");
        }
    }

    private void requirePositive(long value, String option) {
        if (value <= 0) {
            fail(option + " must be positive, not " + value);
        }
    }

    private void fail(String message) {
        throw new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** Everything the last run measured; {@code null} before a run. */
    CacheBenchResults results() {
        return results;
    }

    /** The Markdown report of the last run. */
    public String reportText() {
        return report == null ? null : report.markdown();
    }

    /** Whether every target was measured and met in the last run (reference lines aside). */
    public boolean allTargetsMet() {
        return report != null && report.verdicts().stream()
            .filter(v -> !v.target().startsWith("Reference"))
            .allMatch(v -> Boolean.TRUE.equals(v.met()));
    }
}
