package dev.cage.bench.cache;

import dev.cage.bench.CorruptDataException;
import dev.cage.client.CacheStats;
import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.client.WakeReport;
import dev.cage.protocol.OpenMode;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Part 3 of the cache benchmark: a cache of 64 KiB pages holding the whole file is filled by reading the file,
 * hibernated to a dump, and then, round by round and interleaved (the order swapping each round), (a) a Cage
 * that wakes from the dump reads every page once, all from its cache, against (b) a cold Cage reading the same
 * pages from the server. A timed run includes building the Cage and excludes closing it; before it, the previous
 * run's Cage has been collected and a full collection has run (untimed), so no run pays for another's garbage.
 * Every page read is checked against the file's content, untimed.
 *
 * <p>Also measures the heap the full cache costs, filled and woken ({@link MemoryFigure}).
 */
final class HibernationBench {
    static final int PAGE = 64 * 1024;
    private static final String NAME = "hibernation-bench";
    private static final long COLLECT_WAIT_NANOS = 10_000_000_000L;
    private final BenchNode node;
    private final FileContent content;
    private final String file;
    private final long size;
    private final Path dump;
    private final HeapMeter heap;
    private final LongSupplier clock;
    private final StderrProgress progress;
    private final int pageCount;
    private final byte[] buf = new byte[PAGE];

    HibernationBench(BenchNode node, FileContent content, String file, long size, Path dump, HeapMeter heap,
                     LongSupplier clock, StderrProgress progress) {
        this.node = node;
        this.content = content;
        this.file = file;
        this.size = size;
        this.dump = dump;
        this.heap = heap;
        this.clock = clock;
        this.progress = progress;
        this.pageCount = Math.toIntExact((size + PAGE - 1) / PAGE);
    }

    HibernationResults run(int rounds) throws Exception {
        Hibernated h = fillAndHibernate(); // in its own method: nothing here still reaches the hibernated Cage
        List<Timing> wake = new ArrayList<>();
        List<Timing> cold = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            boolean wakeFirst = round % 2 == 1;
            for (int i = 0; i < 2; i++) {
                System.gc(); // untimed
                if ((i == 0) == wakeFirst) {
                    progress.note("hibernation: round " + round + "/" + rounds + ": wake from the dump, read every page");
                    wake.add(timeWake());
                } else {
                    progress.note("hibernation: round " + round + "/" + rounds + ": cold Cage, read every page from the server");
                    cold.add(timeCold());
                }
            }
        }
        progress.note("hibernation: measuring the heap of a woken cache");
        long wokenBaseline = heap.usedAfterGc();
        Woken w = wakeAndReadAll();
        MemoryFigure wokenMemory = new MemoryFigure("hibernation cache (64 KiB pages), woken", wokenBaseline,
            heap.usedAfterGc(), PAGE, pageCount, w.cage().cacheStats().pagesCached());
        w.cage().close();
        return new HibernationResults(PAGE, pageCount, h.fillNanos(), h.dumpNanos(), h.dumpBytes(),
            wake.stream().map(Timing::total).toList(), cold.stream().map(Timing::total).toList(),
            wake.stream().map(Timing::buildNanos).toList(), cold.stream().map(Timing::buildNanos).toList(),
            wake.stream().mapToLong(Timing::misses).sum(), wake.stream().mapToLong(Timing::kept).min().orElse(0),
            h.memory(), wokenMemory);
    }

    private record Hibernated(long fillNanos, long dumpNanos, long dumpBytes, MemoryFigure memory) {
    }

    /** Fills a cache with the whole file, measures its heap, and hibernates it to the dump. */
    private Hibernated fillAndHibernate() throws Exception {
        progress.note("hibernation: filling a cache of " + pageCount + " pages of 64 KiB by reading the whole file");
        long baseline = heap.usedAfterGc();
        Cage filled = client(false).build();
        CageChannel ch = filled.open(BenchNode.SERVER, file, OpenMode.SHARED_READ);
        long fillNanos = readAll(filled, ch, "filling the cache");
        CacheStats s = filled.cacheStats();
        if (s.pagesCached() != pageCount) {
            throw new IllegalStateException("the cache holds " + s.pagesCached() + " pages after reading the file, not " + pageCount);
        }
        MemoryFigure memory = new MemoryFigure("hibernation cache (64 KiB pages), filled", baseline, heap.usedAfterGc(),
            PAGE, pageCount, s.pagesCached());
        progress.note("hibernation: hibernate() to " + dump);
        long t = clock.getAsLong();
        filled.hibernate();
        long dumpNanos = clock.getAsLong() - t;
        return new Hibernated(fillNanos, dumpNanos, Files.size(dump), memory);
    }

    /** One timed run: building the Cage (and, cold, opening the file), then reading every page. */
    private record Timing(long buildNanos, long readNanos, long misses, long kept) {
        long total() {
            return buildNanos + readNanos;
        }
    }

    private record Woken(Cage cage, Timing timing) {
    }

    /** One timed wake and read of every page; the Cage is closed and collected (untimed) before this returns. */
    private Timing timeWake() throws Exception {
        Woken w = wakeAndReadAll();
        closeAndAwaitCollection(w.cage());
        return w.timing();
    }

    /** One timed cold Cage reading every page from the server; closed and collected (untimed) before this returns. */
    private Timing timeCold() throws Exception {
        long start = clock.getAsLong();
        Cage c = client(false).build();
        CageChannel ch = c.open(BenchNode.SERVER, file, OpenMode.SHARED_READ);
        long built = clock.getAsLong() - start;
        long read = readAll(c, ch, "cold read");
        closeAndAwaitCollection(c);
        return new Timing(built, read, 0, 0);
    }

    /** Builds a Cage that wakes from the dump and reads every page; checks that all were kept and hit. */
    private Woken wakeAndReadAll() throws Exception {
        long start = clock.getAsLong();
        Cage w = client(true).build();
        long built = clock.getAsLong() - start;
        WakeReport report = w.wakeReport();
        if (!report.warm() || w.wokenChannels().size() != 1) {
            w.close();
            throw new IllegalStateException("waking from " + dump + " did not give a warm cache with its channel: " + report);
        }
        long read = readAll(w, w.wokenChannels().get(0), "reading the woken cache");
        long misses = w.cacheStats().misses();
        if (misses != 0 || report.cleanPagesKept() != pageCount) {
            w.close();
            throw new IllegalStateException("a warm wake must keep all " + pageCount + " pages and miss none; it kept "
                + report.cleanPagesKept() + " and missed " + misses);
        }
        return new Woken(w, new Timing(built, read, misses, report.cleanPagesKept()));
    }

    /**
     * Closes a Cage and waits until it is garbage: its connections close asynchronously, and until they have,
     * its cache (the size of the file) would still be live during the next timed run.
     */
    private void closeAndAwaitCollection(Cage cage) throws InterruptedException {
        WeakReference<Cage> gone = new WeakReference<>(cage);
        cage.close();
        cage = null;
        long deadline = System.nanoTime() + COLLECT_WAIT_NANOS;
        while (gone.get() != null && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        if (gone.get() != null) {
            progress.note("hibernation: a closed Cage was still reachable after 10 s (a leak?)");
        }
    }

    private Cage.Builder client(boolean wake) {
        Cage.Builder b = node.client(NAME).pageSize(PAGE).pageCount(pageCount).progress(progress);
        return wake ? b.hibernationFile(dump).wakeFromHibernation(true) : b.hibernationFile(dump);
    }

    /** Reads every page once, in order; returns the nanoseconds spent in the reads alone. */
    private long readAll(Cage cage, CageChannel ch, String label) throws Exception {
        LongConsumer advance = progress.task("hibernation: " + label, pageCount);
        long nanos = 0;
        for (long p = 0; p < pageCount; p++) {
            long offset = p * PAGE;
            int want = (int) Math.min(PAGE, size - offset);
            long t = clock.getAsLong();
            int n = cage.read(ch, offset, buf, 0, want);
            nanos += clock.getAsLong() - t;
            if (n != want || !content.matches(offset, buf, 0, n)) {
                throw new CorruptDataException(label + ": wrong bytes for the page at " + offset + " (" + n + " of " + want + " bytes)");
            }
            advance.accept(1);
        }
        return nanos;
    }
}
