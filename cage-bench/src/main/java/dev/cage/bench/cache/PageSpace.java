package dev.cage.bench.cache;

import java.util.Random;

/**
 * The pages a random-read benchmark draws from: a file of {@code filePages} pages of 4 KiB, a cache of
 * {@code cachePages}, and the file's hot set: which page has which popularity rank, fixed by a seed so that
 * every column and every round see the same hot pages.
 *
 * @param filePages  pages in the file
 * @param cachePages pages the Cage cache holds
 * @param pageOfRank page number of each popularity rank (a permutation of the file's pages)
 */
record PageSpace(int filePages, int cachePages, int[] pageOfRank) {

    static PageSpace of(int filePages, int cachePages, long hotSetSeed) {
        if (filePages < 1 || cachePages < 1) {
            throw new IllegalArgumentException("need at least one page in the file and in the cache, not "
                + filePages + " and " + cachePages);
        }
        return new PageSpace(filePages, cachePages, Traces.permutation(filePages, new Random(hotSetSeed)));
    }

    /** The hottest pages that fit in half the cache: the set a resident-only trace draws from. */
    int residentPages() {
        return Math.max(1, Math.min(filePages, cachePages / 2));
    }
}
