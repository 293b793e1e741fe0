package dev.cage.bench.cache;

import dev.cage.bench.Stats;
import java.util.List;

/**
 * What {@code cage bench shared} measured: the rounds of each mode (three clients with private caches, then the
 * same with the cluster-shared tier) and, per round, timed single-page reads served by the cluster and by the node.
 */
record SharedBenchResults(List<Round> privateRounds, List<Round> sharedRounds, List<Latency> latencies) {

    /**
     * One mode in one round: three clients, each reading its own trace, all at once. Every figure but
     * {@code coldNodeReads} and {@code clusterErrors} is of the measured part, after the warm-up.
     *
     * @param coldNodeReads READ requests the node answered during the warm-up, from empty caches
     * @param nodeReads    READ requests the node answered during the measured part (its {@code readsServed} counter)
     * @param reads        4 KiB reads the three clients made in the measured part
     * @param nanos        wall time from the end of the warm-up to the last client's last read
     * @param localHits    pages found in the clients' own caches
     * @param clusterHits  pages found in the shared tier
     * @param serverPages  pages the clients read from the node
     * @param clusterErrors shared-tier lookups or additions that failed or timed out, warm-up included
     * @param firstTouches the fewest node reads the measured part could need without read-ahead: its pages no earlier
     *                     read touched, per client and summed (private), or by any client (shared). Read-ahead (a
     *                     read that continues the last one fetches the next pages too) can bring one in early.
     */
    record Round(long coldNodeReads, long nodeReads, long reads, long nanos, long localHits, long clusterHits,
                 long serverPages, long clusterErrors, long firstTouches) {
        double readsPerSecond() {
            return reads * 1e9 / nanos;
        }

        /** Share of the page lookups each tier served: local, cluster, server. */
        double[] tierShares() {
            double all = Math.max(1, localHits + clusterHits + serverPages);
            return new double[] {localHits / all, clusterHits / all, serverPages / all};
        }
    }

    /**
     * Single 4 KiB reads of pages no client held locally, timed one by one, alternating: one that the cluster
     * served (published by another member's client) and one that the node served (a client without the tier).
     *
     * @param clusterNanos sorted latencies of the cluster-served reads
     * @param serverNanos  sorted latencies of the node-served reads
     * @param loopbackNanos sorted latencies of plain 4 KiB socket round trips on 127.0.0.1, the floor of both
     * @param clusterHits  how many of the cluster reads the tier did serve (the others fell back to the node)
     */
    record Latency(long[] clusterNanos, long[] serverNanos, long[] loopbackNanos, long clusterHits) {
        long cluster(double p) {
            return Stats.percentile(clusterNanos, p);
        }

        long server(double p) {
            return Stats.percentile(serverNanos, p);
        }

        long loopback(double p) {
            return Stats.percentile(loopbackNanos, p);
        }
    }

    /** Median across rounds of the shared mode's node reads over the private mode's, round by round (measured part). */
    double nodeReadRatio() {
        return ratio(Round::nodeReads);
    }

    /** The same during the warm-up, from empty caches. */
    double coldNodeReadRatio() {
        return ratio(Round::coldNodeReads);
    }

    private double ratio(java.util.function.ToLongFunction<Round> f) {
        double[] r = new double[privateRounds.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = (double) f.applyAsLong(sharedRounds.get(i)) / Math.max(1, f.applyAsLong(privateRounds.get(i)));
        }
        return Stats.median(r);
    }

    /** Median across rounds of p50(server read) / p50(cluster hit). */
    double latencySpeedup() {
        return Stats.median(latencies.stream().mapToDouble(l -> (double) l.server(50) / Math.max(1, l.cluster(50))).toArray());
    }
}
