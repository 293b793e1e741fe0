package dev.cage.client;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the cache knows of one file: the version its clean pages are valid at, its size as far as this
 * client knows (own writes included), its dirty pages, and the channels open on it (a dirty page is
 * pushed through one of them).
 *
 * <p>Threads: {@code version} and {@code size} change under this object's monitor, together with the
 * page removals an invalidation implies, so a page fetched before a change can never be cached after it.
 */
final class CachedFile {
    final String server;
    final long fileId;
    final Set<Long> dirtyPages = ConcurrentHashMap.newKeySet();
    final Set<CageChannel> channels = ConcurrentHashMap.newKeySet();
    private long version;
    private long size;
    /** The path it was last opened by, for revalidating it after hibernation. */
    volatile String path;

    CachedFile(String server, long fileId, long version, long size) {
        this.server = server;
        this.fileId = fileId;
        this.version = version;
        this.size = size;
    }

    synchronized long version() {
        return version;
    }

    synchronized long size() {
        return size;
    }

    synchronized void setVersion(long v) {
        version = v;
    }

    synchronized void advanceVersion(long v) {
        version = Math.max(version, v);
    }

    synchronized void setSize(long s) {
        size = s;
    }

    synchronized void grow(long end) {
        size = Math.max(size, end);
    }

    /** Any open channel on this file, to push through; {@code null} if none is open. */
    CageChannel anyChannel() {
        for (CageChannel c : channels) {
            if (c.isOpen()) {
                return c;
            }
        }
        return null;
    }
}
