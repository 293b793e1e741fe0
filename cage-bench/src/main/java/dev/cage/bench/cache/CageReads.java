package dev.cage.bench.cache;

import dev.cage.client.CacheStats;
import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.OpenMode;
import java.io.IOException;
import java.util.Optional;

/** A Cage client, with or without its page cache, reading the benchmark file through one open channel. */
final class CageReads implements ReadColumn {
    private final String title;
    private final Cage cage;
    private final CageChannel channel;

    /** Builds the client from {@code builder} and opens {@code file} for shared reading. */
    CageReads(String title, Cage.Builder builder, String file) throws IOException {
        this.title = title;
        this.cage = builder.build();
        try {
            this.channel = cage.open(BenchNode.SERVER, file, OpenMode.SHARED_READ);
        } catch (IOException | RuntimeException e) {
            cage.close();
            throw e;
        }
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public void read(long offset, byte[] dst) throws IOException {
        int n = cage.read(channel, offset, dst, 0, dst.length);
        if (n != dst.length) {
            throw new IOException(title + ": short read at " + offset + " (" + n + " of " + dst.length + " bytes)");
        }
    }

    @Override
    public Optional<CacheStats> cacheStats() {
        return cage.pageCount() == 0 ? Optional.empty() : Optional.of(cage.cacheStats());
    }

    /** Pages the cache holds at most; 0 without a cache. */
    int pageCount() {
        return cage.pageCount();
    }

    @Override
    public void close() throws IOException {
        try {
            cage.close(channel);
        } finally {
            cage.close();
        }
    }
}
