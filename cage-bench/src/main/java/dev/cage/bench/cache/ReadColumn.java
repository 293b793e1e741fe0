package dev.cage.bench.cache;

import dev.cage.client.CacheStats;
import java.io.IOException;
import java.util.Optional;

/**
 * One way of reading 4 KiB at an offset of the benchmark file, measured side by side with the others in the
 * random-read part. Started (servers bound, clients logged in, file open) before any timing; closed at the end.
 */
interface ReadColumn extends AutoCloseable {
    /** The column's heading in the report. */
    String title();

    /** Reads exactly {@code dst.length} bytes at {@code offset}. */
    void read(long offset, byte[] dst) throws IOException;

    /** The counters of the column's page cache; empty for columns without one. */
    default Optional<CacheStats> cacheStats() {
        return Optional.empty();
    }

    @Override
    void close() throws Exception;
}
