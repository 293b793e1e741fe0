package dev.cage.bench.cache;

import dev.cage.bench.Stats;
import java.util.List;

/**
 * The hibernation part's figures. Times are in nanoseconds; the wake and cold-read lists hold one entry per
 * round, in round order.
 *
 * @param pageSize      bytes per page of the hibernated cache
 * @param pageCount     pages it held (the whole file)
 * @param fillNanos     reading the whole file into the empty cache, once, before hibernating
 * @param dumpNanos     {@code hibernate()}: writing the dump (forced to disk) and dropping the connections
 * @param dumpBytes     the dump file's size
 * @param wakeNanos     building a Cage that wakes from the dump, then reading every page once
 * @param coldNanos     building a Cage without a dump, then reading every page once from the server
 * @param wakeBuildNanos the part of each wake spent building the Cage (reading the dump, reopening the channel)
 * @param coldBuildNanos the part of each cold run spent building the Cage and opening the file
 * @param wakeMisses    cache misses of the woken Cages' reads, summed over rounds (must be 0)
 * @param pagesKept     the smallest {@code cleanPagesKept} of any wake
 * @param filledMemory  heap cost of the filled cache before hibernating
 * @param wokenMemory   heap cost of a woken cache after reading every page
 */
record HibernationResults(int pageSize, long pageCount, long fillNanos, long dumpNanos, long dumpBytes,
                          List<Long> wakeNanos, List<Long> coldNanos, List<Long> wakeBuildNanos,
                          List<Long> coldBuildNanos, long wakeMisses, long pagesKept,
                          MemoryFigure filledMemory, MemoryFigure wokenMemory) {

    double medianWakeSeconds() {
        return Stats.median(wakeNanos.stream().mapToDouble(n -> n / 1e9).toArray());
    }

    double medianColdSeconds() {
        return Stats.median(coldNanos.stream().mapToDouble(n -> n / 1e9).toArray());
    }

    /** How many times faster waking was than reading the pages again: median cold over median wake. */
    double speedup() {
        return medianColdSeconds() / medianWakeSeconds();
    }
}
