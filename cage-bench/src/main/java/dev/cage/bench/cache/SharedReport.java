package dev.cage.bench.cache;

import dev.cage.bench.Stats;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The Markdown report of {@code cage bench shared}: medians, the two target ratios, per-round figures, conditions. */
final class SharedReport {
    static final double NODE_READ_TARGET = 1.0 / 3;
    static final double SPEEDUP_TARGET = 3;
    private final SharedBenchResults r;
    private final Map<String, String> facts;

    SharedReport(SharedBenchResults r, Map<String, String> facts) {
        this.r = r;
        this.facts = facts;
    }

    boolean nodeReadTargetMet() {
        return r.nodeReadRatio() <= NODE_READ_TARGET;
    }

    boolean speedupTargetMet() {
        return r.latencySpeedup() >= SPEEDUP_TARGET;
    }

    String markdown() {
        StringBuilder b = new StringBuilder("# cage bench shared\n\n## Three clients, Zipf(0.99) 4 KiB reads (medians of ")
            .append(r.privateRounds().size()).append(" rounds)\n\n")
            .append("| measure | A. private caches | B. shared tier | B / A |\n|---|---:|---:|---:|\n");
        row(b, "node reads (READ requests), measured part", SharedBenchResults.Round::nodeReads, true);
        row(b, "fewest node reads possible without read-ahead (first touches: per client, summed / by any client)",
            SharedBenchResults.Round::firstTouches, true);
        row(b, "node reads during the warm-up (from empty caches)", SharedBenchResults.Round::coldNodeReads, true);
        row(b, "reads/s, three clients together", SharedBenchResults.Round::readsPerSecond, true);
        row(b, "local hits", x -> x.tierShares()[0], false);
        row(b, "cluster hits", x -> x.tierShares()[1], false);
        row(b, "server reads (pages)", x -> x.tierShares()[2], false);
        row(b, "cluster errors", SharedBenchResults.Round::clusterErrors, false);
        b.append("\nAll but the warm-up row are of the measured part. Tier shares are of the clients' page lookups")
            .append(" (tierStats: local hits, cluster hits, server reads). The fewest node reads assume every miss is a")
            .append(" first touch (no cache evictions, an unbounded shared tier).\n");

        b.append("\n## A page from the cluster vs from the node (single 4 KiB reads, µs)\n\n")
            .append("| round | cluster hit p50 | p99 | node read p50 | p99 | loopback round trip p50 | p99 |")
            .append(" node p50 / cluster p50 | served by the cluster |\n")
            .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        List<SharedBenchResults.Latency> ls = r.latencies();
        for (int i = 0; i < ls.size(); i++) {
            SharedBenchResults.Latency l = ls.get(i);
            b.append("| ").append(i + 1).append(" | ").append(us(l.cluster(50))).append(" | ").append(us(l.cluster(99)))
                .append(" | ").append(us(l.server(50))).append(" | ").append(us(l.server(99))).append(" | ")
                .append(us(l.loopback(50))).append(" | ").append(us(l.loopback(99))).append(" | ")
                .append(Format.times((double) l.server(50) / Math.max(1, l.cluster(50)))).append(" | ")
                .append(l.clusterHits()).append(" of ").append(l.clusterNanos().length).append(" |\n");
        }

        b.append("\n## Targets\n\n| target | measured | verdict |\n|---|---:|---|\n")
            .append("| node reads with shared caches ≤ 1/3 of private (measured part) | B/A = ")
            .append(String.format(java.util.Locale.ROOT, "%.3f", r.nodeReadRatio())).append(" | ")
            .append(nodeReadTargetMet() ? "MET" : "NOT MET").append(" |\n")
            .append("| the same from empty caches (warm-up) | B/A = ")
            .append(String.format(java.util.Locale.ROOT, "%.3f", r.coldNodeReadRatio())).append(" | ")
            .append(r.coldNodeReadRatio() <= NODE_READ_TARGET ? "MET" : "NOT MET").append(" |\n")
            .append("| a cluster hit ≥ 3× faster than a node read (p50) | ").append(Format.times(r.latencySpeedup()))
            .append(" | ").append(speedupTargetMet() ? "MET" : "NOT MET").append(" |\n");

        b.append("\n## Per round\n\n| round | mode | node reads, warm-up | node reads, measured | reads/s | local / cluster /")
            .append(" server pages |\n|---|---|---:|---:|---:|---|\n");
        for (int i = 0; i < r.privateRounds().size(); i++) {
            perRound(b, i, "A private", r.privateRounds().get(i));
            perRound(b, i, "B shared", r.sharedRounds().get(i));
        }
        b.append("\n## Conditions\n\n");
        facts.forEach((k, v) -> b.append("- **").append(k).append("**: ").append(v).append('\n'));
        return b.toString();
    }

    private void row(StringBuilder b, String label, ToDoubleFunction<SharedBenchResults.Round> f, boolean ratio) {
        double a = median(r.privateRounds(), f);
        double s = median(r.sharedRounds(), f);
        boolean share = !ratio && !label.equals("cluster errors");
        b.append("| ").append(label).append(" | ").append(share ? Format.percent(a) : count(a)).append(" | ")
            .append(share ? Format.percent(s) : count(s)).append(" | ")
            .append(ratio ? String.format(java.util.Locale.ROOT, "%.3f", s / Math.max(1e-9, a)) : "").append(" |\n");
    }

    private static void perRound(StringBuilder b, int i, String mode, SharedBenchResults.Round x) {
        b.append("| ").append(i + 1).append(" | ").append(mode).append(" | ").append(x.coldNodeReads()).append(" | ")
            .append(x.nodeReads()).append(" | ")
            .append(Format.number(x.readsPerSecond())).append(" | ").append(x.localHits()).append(" / ")
            .append(x.clusterHits()).append(" / ").append(x.serverPages()).append(" |\n");
    }

    private static double median(List<SharedBenchResults.Round> rounds, ToDoubleFunction<SharedBenchResults.Round> f) {
        return Stats.median(rounds.stream().mapToDouble(f).toArray());
    }

    private static String count(double v) {
        return v == Math.rint(v) ? String.format(java.util.Locale.ROOT, "%,.0f", v) : Format.number(v);
    }

    private static String us(long nanos) {
        return Format.number(nanos / 1e3);
    }
}
