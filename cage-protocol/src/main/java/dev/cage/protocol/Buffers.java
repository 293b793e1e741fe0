package dev.cage.protocol;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;

/**
 * The buffer allocator of every Cage connection, client and node alike.
 *
 * <p>Netty's default pool carves 4 MiB chunks and frees a chunk once nothing in it is used. A 1 MiB frame fills a
 * quarter of such a chunk, so a stream of them, each released before the next is made, kept freeing the chunk and
 * allocating a new one: a fresh 4 MiB of direct memory, zeroed and page-faulted in, for every frame (a fifth of all
 * CPU in a profile of {@code cage bench}'s sequential write). With 16 MiB chunks a frame takes less than the share at
 * which the pool gives a chunk back, so chunks stay and are reused.
 */
public final class Buffers {
    /** Pages of 8 KiB, 2^11 of them per chunk: 16 MiB chunks. */
    private static final int PAGE_SIZE = 8192;
    private static final int MAX_ORDER = 11;

    public static final ByteBufAllocator ALLOCATOR = new PooledByteBufAllocator(true,
        PooledByteBufAllocator.defaultNumHeapArena(), PooledByteBufAllocator.defaultNumDirectArena(), PAGE_SIZE, MAX_ORDER,
        PooledByteBufAllocator.defaultSmallCacheSize(), PooledByteBufAllocator.defaultNormalCacheSize(),
        PooledByteBufAllocator.defaultUseCacheForAllThreads());

    private Buffers() {
    }
}
