package dev.cage.bench.cache;

import dev.cage.bench.Stats;
import java.util.List;

/**
 * What {@code cage bench shared} measured: the rounds of each mode (three clients with private caches, then the
 * same with the cluster-shared tier) and, per round, timed single-page reads served by the cluster and by the node.
 */
record SharedBenchResults(List<Round> privateRounds, List<Round> sharedRounds, List<Latency> latencies) {

    /**
     * One mode in one round: three clients, each reading its own trace, all at once.
     *
     * @param nodeReads    READ requests the node answered meanwhile (its {@code readsServed} counter)
     * @param reads        4 KiB reads the three clients made
     * @param nanos        wall time from the first read to the last client's last read
     * @param localHits    pages found in the clients' own caches
     * @param clusterHits  pages found in the shared tier
     * @param serverPages  pages the clients read from the node
     * @param clusterErrors shared-tier lookups or additions that failed or timed out
     * @param distinctPages the fewest node reads the mode could need: pages each client's trace touches, summed
     *                      (private), or pages all three traces touch together (shared)
     */
    record Round(long nodeReads, long reads, long nanos, long localHits, long clusterHits, long serverPages,
                 long clusterErrors, long distinctPages) {
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
     * @param clusterHits  how many of the cluster reads the tier did serve (the others fell back to the node)
     */
    record Latency(long[] clusterNanos, long[] serverNanos, long clusterHits) {
        long cluster(double p) {
            return Stats.percentile(clusterNanos, p);
        }

        long server(double p) {
            return Stats.percentile(serverNanos, p);
        }
    }

    /** Median across rounds of the shared mode's node reads over the private mode's, round by round. */
    double nodeReadRatio() {
        double[] r = new double[privateRounds.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = (double) sharedRounds.get(i).nodeReads() / Math.max(1, privateRounds.get(i).nodeReads());
        }
        return Stats.median(r);
    }

    /** Median across rounds of p50(server read) / p50(cluster hit). */
    double latencySpeedup() {
        return Stats.median(latencies.stream().mapToDouble(l -> (double) l.server(50) / Math.max(1, l.cluster(50))).toArray());
    }
}
