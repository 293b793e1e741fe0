package dev.cage.client;

/**
 * Where one {@link Cage}'s page reads were served from, since it was built, and what the cluster-shared page cache
 * holds on this member now. Without a shared page cache the cluster counters are zero.
 *
 * @param localHits              pages found in this Cage's own page cache
 * @param clusterHits            pages found in the cluster-shared page cache (this Cage's cache missed)
 * @param serverReads            pages read from a server (both caches missed, or read ahead)
 * @param evictions              pages this Cage's own cache let go to make room
 * @param invalidations          pages this Cage's own cache dropped because the server said they changed
 * @param published              pages this Cage added to the shared cache (clean pages just read from a server)
 * @param clusterErrors          shared-cache lookups or additions that failed or timed out (the read then went to
 *                               the server; nothing else is affected)
 * @param sharedBytesOnMember    bytes of shared-cache entries this member owns (Hazelcast's cost); 0 for a client
 * @param sharedPagesOnMember    shared-cache entries this member owns; 0 for a client
 * @param sharedEvictionsOnMember entries the shared cache evicted on this member to stay in its bound; 0 for a client
 */
public record TierStats(long localHits, long clusterHits, long serverReads, long evictions, long invalidations,
                        long published, long clusterErrors, long sharedBytesOnMember, long sharedPagesOnMember,
                        long sharedEvictionsOnMember) {

    static final TierStats NONE = new TierStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
