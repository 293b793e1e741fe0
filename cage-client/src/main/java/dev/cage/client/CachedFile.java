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
    /**
     * The login (of this client's link to the server) whose versions {@link #version} is counted in. Versions one
     * login hears only grow; after logging in again, perhaps at another member of a group that numbers versions its
     * own way, they cannot be compared with those heard before. 0: none yet (restored from hibernation).
     */
    private long login;
    private long size;
    private long changesHeard;
    /** The path it was last opened by, for revalidating it after hibernation. */
    volatile String path;

    CachedFile(String server, long fileId, long version, long login, long size) {
        this.server = server;
        this.fileId = fileId;
        this.version = version;
        this.login = login;
        this.size = size;
    }

    synchronized long version() {
        return version;
    }

    synchronized long size() {
        return size;
    }

    synchronized long login() {
        return login;
    }

    /** The server's version of the file as {@code login} heard it, older or newer than the one held. */
    synchronized void setVersion(long v, long login) {
        version = v;
        this.login = login;
    }

    synchronized void advanceVersion(long v) {
        version = Math.max(version, v);
    }

    /**
     * How many changes by others this client has heard of (INVALIDATE pushes). A read that takes some pages from the
     * cache and fetches others compares it before and after: the version cannot tell, as a fetch of another page may
     * already have carried the new version before the push dropped the old pages.
     */
    synchronized long changesHeard() {
        return changesHeard;
    }

    synchronized void heardChange() {
        changesHeard++;
    }

    synchronized void setSize(long s) {
        size = s;
    }

    synchronized void grow(long end) {
        size = Math.max(size, end);
    }

    /**
     * An open channel to push dirty pages through: a writable one (a page can only be dirty if a writable channel
     * wrote it; a read-only channel of the same file would make the server refuse the push), else any open one.
     */
    CageChannel pushChannel() {
        CageChannel open = null;
        for (CageChannel c : channels) {
            if (c.isOpen()) {
                if (c.mode().writable()) {
                    return c;
                }
                open = c;
            }
        }
        return open;
    }
}
