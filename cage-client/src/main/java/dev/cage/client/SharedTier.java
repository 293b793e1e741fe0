package dev.cage.client;

import java.util.List;
import java.util.Map;

/**
 * The second page-cache tier, shared by the clients of a cluster. An entry is one page of one file at one version:
 * its bytes up to the file's end (shorter than a page only there). Implementations never throw from {@link #get} or
 * {@link #put}: a tier that fails is a tier that misses.
 */
interface SharedTier {

    /**
     * The pages of {@code pageNos} held for exactly this {@code version} of the file; absent ones are missing from
     * the result. Waits at most the tier's timeout.
     */
    Map<Long, byte[]> get(String server, long fileId, int pageSize, List<Long> pageNos, long version);

    /** Adds a page's bytes as they are at {@code version}; does not wait for the cluster. */
    void put(String server, long fileId, int pageSize, long pageNo, long version, byte[] bytes);

    long published();

    long errors();

    /** Bytes, entries and evictions of the tier on this member: zeros where it has no members' view. */
    long[] memberStats();

    /** Leaves the cluster if the tier joined it itself. */
    void close();
}
