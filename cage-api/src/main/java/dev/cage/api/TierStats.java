package dev.cage.api;

/**
 * Where the connection factory's client got its pages since it was built, and what the cluster-shared page cache
 * holds on this member now. Without a shared page cache ({@code sharedCache=false}) the cluster counters are zero.
 *
 * @param localHits               pages found in the client's own page cache
 * @param clusterHits             pages found in the cluster-shared page cache (the own cache missed)
 * @param serverReads             pages read from a server (both caches missed, or read ahead)
 * @param evictions               pages the own cache let go to make room
 * @param invalidations           pages the own cache dropped because the server said they changed
 * @param published               pages the client added to the shared cache (clean pages just read from a server)
 * @param clusterErrors           shared-cache lookups or additions that failed or timed out (the read then went to
 *                                the server; nothing else is affected)
 * @param sharedBytesOnMember     bytes of shared-cache entries this member owns; 0 for a client
 * @param sharedPagesOnMember     shared-cache entries this member owns; 0 for a client
 * @param sharedEvictionsOnMember entries the shared cache evicted on this member to stay in its bound; 0 for a client
 */
public record TierStats(long localHits, long clusterHits, long serverReads, long evictions, long invalidations,
                        long published, long clusterErrors, long sharedBytesOnMember, long sharedPagesOnMember,
                        long sharedEvictionsOnMember) {
}
