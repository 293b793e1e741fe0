package dev.cage.api;

/**
 * Counters of the connection factory's page cache since its client was built.
 *
 * @param hits          page lookups served from the cache
 * @param misses        page lookups that went to the server
 * @param evictions     pages the cache let go to make room
 * @param writeBacks    dirty pages pushed to the server (explicitly, on close, or on eviction)
 * @param invalidations pages dropped because the server said another client changed them
 * @param bytesCached   bytes of page data held now
 * @param pagesCached   pages held now
 */
public record CacheStats(long hits, long misses, long evictions, long writeBacks, long invalidations,
                         long bytesCached, long pagesCached) {

    /** Hits over lookups, 0 when nothing was looked up. */
    public double hitRate() {
        long lookups = hits + misses;
        return lookups == 0 ? 0 : (double) hits / lookups;
    }
}
