package dev.cage.bench.cache;

import dev.cage.client.CacheStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Part 1 of the cache benchmark: random 4 KiB reads, one at a time, for each access pattern, on every column
 * side by side. Within a round each pattern draws one trace, and every column reads exactly that trace; the
 * column order rotates by one each round, and each timed run starts after a full collection (untimed), so no
 * column pays for another's garbage. The cached Cage of each pattern was warmed with reads of that pattern's
 * distribution before the first round ({@link #warm}) and stays warm across rounds, as an application's would.
 */
final class RandomReadBench {
    /** Reads each non-caching column makes before the first round, untimed: JIT compilation is no column's cost. */
    static final int JIT_WARM_READS = 2000;
    private final PageSpace space;
    private final int reads;
    private final int warmReads;
    private final long minNanos;
    private final long seed;
    private final TimedReads timed;
    private final Runnable gc;
    private final StderrProgress progress;

    /**
     * @param reads     reads per trace (per column, pattern and round)
     * @param warmReads reads of a pattern's distribution that warm its cached Cage (more if the cache is not full then)
     * @param minNanos  read time each timed run lasts at least; the trace is repeated whole to get there
     * @param gc        a full collection, run before every timed run
     */
    RandomReadBench(PageSpace space, int reads, int warmReads, long minNanos, long seed, TimedReads timed, Runnable gc,
                    StderrProgress progress) {
        this.space = space;
        this.reads = reads;
        this.warmReads = warmReads;
        this.minNanos = minNanos;
        this.seed = seed;
        this.timed = timed;
        this.gc = gc;
        this.progress = progress;
    }

    /**
     * Warms a cached Cage for a pattern: the pattern's preload pages once, then {@code warmReads} reads of its
     * distribution, then more such batches (up to ten) while the cache is not yet full and the pattern can fill it.
     */
    RandomReadResults.WarmUp warm(CageReads cached, AccessPattern p) throws Exception {
        long done = 0;
        long[] pre = p.preload(space);
        if (pre.length > 0) {
            timed.run(cached, pre, 0, progress.task("warming " + cached.title() + " for " + p.id() + ": one pass over "
                + pre.length + " pages", pre.length));
            done += pre.length;
        }
        for (int batch = 0; batch == 0 || (batch <= 10 && p.canFillCache(space) && pagesCached(cached) < cached.pageCount());
             batch++) {
            long[] t = p.trace(space, warmReads, seed + 7_000_003L * (p.ordinal() + 1) + batch);
            timed.run(cached, t, 0, progress.task("warming " + cached.title() + " for " + p.id() + " (" + t.length
                + " reads)", t.length));
            done += t.length;
        }
        return new RandomReadResults.WarmUp(done, pagesCached(cached), cached.pageCount());
    }

    /** Reads a few traces on the columns without a cache, untimed, so the JIT has compiled their paths. */
    void jitWarmUp(List<ReadColumn> columns) throws Exception {
        long[] t = AccessPattern.UNIFORM.trace(space, JIT_WARM_READS, seed - 1);
        for (ReadColumn c : columns) {
            timed.run(c, t, 0, n -> { });
        }
    }

    /**
     * Runs the rounds: {@code shared} columns read every pattern; {@code cached} gives the cached Cage of
     * each pattern (the patterns measured are its keys, in its order). Adds to {@code results}.
     */
    void run(int rounds, List<ReadColumn> shared, Map<AccessPattern, CageReads> cached, RandomReadResults results)
        throws Exception {
        for (int round = 1; round <= rounds; round++) {
            for (Map.Entry<AccessPattern, CageReads> e : cached.entrySet()) {
                AccessPattern p = e.getKey();
                long[] trace = p.trace(space, reads, seed + 1_000_003L * round + p.ordinal());
                List<ReadColumn> columns = new ArrayList<>(shared);
                columns.add(e.getValue());
                for (ReadColumn c : rotated(columns, round - 1)) {
                    gc.run();
                    CacheStats before = c.cacheStats().orElse(null);
                    TimedReads.Outcome o = timed.run(c, trace, minNanos, progress.task(
                        "round " + round + "/" + rounds + " " + p.id() + " " + c.title(), trace.length));
                    results.add(p, c.title(), o.perSecond());
                    if (before != null) {
                        CacheStats after = c.cacheStats().orElseThrow();
                        long hits = after.hits() - before.hits();
                        long misses = after.misses() - before.misses();
                        results.addHitRate(p, hits + misses == 0 ? 0 : (double) hits / (hits + misses));
                    }
                }
            }
        }
    }

    private static long pagesCached(CageReads c) {
        return c.cacheStats().map(CacheStats::pagesCached).orElse(0L);
    }

    static <T> List<T> rotated(List<T> list, int by) {
        List<T> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(list.get((i + by) % list.size()));
        }
        return out;
    }
}
