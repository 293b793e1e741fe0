package dev.cage.bench.cache;

import java.util.Random;

/**
 * How the random-read benchmark picks its 4 KiB pages. Every pattern is seeded: the same seed gives every
 * column the very same trace.
 */
enum AccessPattern {
    /** Every page of the file equally likely. */
    UNIFORM("uniform", "every page equally likely") {
        @Override
        long[] trace(PageSpace s, int length, long seed) {
            Random r = new Random(seed);
            long[] t = new long[length];
            for (int i = 0; i < length; i++) {
                t[i] = r.nextInt(s.filePages());
            }
            return t;
        }
    },
    /** Zipf(0.99) over the whole file, the hot pages spread by the space's permutation. */
    ZIPF("zipf-0.99", "Zipf(0.99) popularity over all pages") {
        @Override
        long[] trace(PageSpace s, int length, long seed) {
            return zipf(s, s.filePages(), length, seed);
        }
    },
    /**
     * Zipf(0.99) over only the hottest pages that fit in half the cache: after a pass over them every read
     * is a hit, so this measures the cache's hit path, not its hit rate.
     */
    ZIPF_RESIDENT("zipf-0.99-resident", "Zipf(0.99) over the hottest pages that fit in half the cache: all hits") {
        @Override
        long[] trace(PageSpace s, int length, long seed) {
            return zipf(s, s.residentPages(), length, seed);
        }

        @Override
        long[] preload(PageSpace s) {
            long[] pages = new long[s.residentPages()];
            for (int rank = 0; rank < pages.length; rank++) {
                pages[rank] = s.pageOfRank()[rank];
            }
            return pages;
        }

        @Override
        boolean canFillCache(PageSpace s) {
            return false;
        }
    };

    private final String id;
    private final String description;

    AccessPattern(String id, String description) {
        this.id = id;
        this.description = description;
    }

    String id() {
        return id;
    }

    String description() {
        return description;
    }

    /** {@code length} page numbers drawn with this pattern; the sample order comes from {@code seed}. */
    abstract long[] trace(PageSpace s, int length, long seed);

    /** Pages read once before the warm-up reads (none but for the resident pattern). */
    long[] preload(PageSpace s) {
        return new long[0];
    }

    /** Whether reads with this pattern can fill the cache (they draw from more pages than it holds). */
    boolean canFillCache(PageSpace s) {
        return s.filePages() > s.cachePages();
    }

    private static long[] zipf(PageSpace s, int ranks, int length, long seed) {
        Random r = new Random(seed);
        Traces.Zipf z = new Traces.Zipf(ranks, 0.99);
        long[] t = new long[length];
        for (int i = 0; i < length; i++) {
            t[i] = s.pageOfRank()[z.sample(r)];
        }
        return t;
    }
}
