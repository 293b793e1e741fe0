package dev.cage.web.live;

import dev.cage.api.TierStats;

/**
 * Where the console's connection factory got its pages over the last interval, per second: its own page cache, the
 * cluster-shared tier, or a node.
 */
public record TierSample(double localHitsPerSecond, double clusterHitsPerSecond, double serverReadsPerSecond) {

    static TierSample between(TierStats before, TierStats now, double seconds) {
        if (before == null || seconds <= 0) {
            return new TierSample(0, 0, 0);
        }
        return new TierSample(Math.max(0, now.localHits() - before.localHits()) / seconds,
            Math.max(0, now.clusterHits() - before.clusterHits()) / seconds,
            Math.max(0, now.serverReads() - before.serverReads()) / seconds);
    }
}
