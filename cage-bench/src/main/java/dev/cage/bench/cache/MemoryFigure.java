package dev.cage.bench.cache;

/**
 * What a full page cache costs on the client's heap: heap used (after collection) with the cache full,
 * minus heap used before the Cage was built, against the bytes its pages hold.
 *
 * @param label       which cache
 * @param baseline    heap used before building the Cage, in bytes
 * @param full        heap used with the cache full, in bytes
 * @param pageSize    bytes per page
 * @param pageCount   pages the cache may hold
 * @param pagesCached pages it held when measured
 */
record MemoryFigure(String label, long baseline, long full, int pageSize, long pageCount, long pagesCached) {

    /** {@code pageCount × pageSize}: the page bytes the cache is configured for. */
    long pageBytes() {
        return pageCount * pageSize;
    }

    /** Heap the Cage and its cache added. */
    long added() {
        return full - baseline;
    }

    /** Heap added per configured page byte; 1.00 would be no overhead at all. */
    double ratio() {
        return (double) added() / pageBytes();
    }

    /** Heap added per page held, minus the page's bytes: the cost of keeping one page. */
    double overheadPerPage() {
        return pagesCached == 0 ? 0 : (double) added() / pagesCached - pageSize;
    }
}
