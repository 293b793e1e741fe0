package dev.cage.bench.cache;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Hit rates of the page cache's policy (Caffeine's W-TinyLFU) against Belady's optimal, plain LFU and
 * LRU on the same traces: uniform, Zipf(0.99), and Zipf whose hot set shifts halfway. The cache holds
 * {@code cachePercent} of the file's pages.
 */
public final class HitRateBenchmark {
    /** One trace's hit rates, in percent, by policy. */
    public record Row(String trace, Map<String, Double> hitRates) {
        public double of(String policy) {
            return hitRates.get(policy);
        }
    }

    private HitRateBenchmark() {
    }

    public static List<Row> run(int pages, int cachePercent, int length, long seed, Consumer<String> progress) {
        int capacity = Math.max(1, pages / 100 * cachePercent);
        Map<String, long[]> traces = new LinkedHashMap<>();
        traces.put("uniform", Traces.uniform(pages, length, seed));
        traces.put("zipf-0.99", Traces.zipf(pages, length, 0.99, seed));
        traces.put("zipf-0.99-shifting", Traces.shifting(pages, length, 0.99, seed));
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, long[]> t : traces.entrySet()) {
            long[] trace = t.getValue();
            Map<String, Double> rates = new LinkedHashMap<>();
            progress.accept("hit rate: " + t.getKey() + " / optimal");
            rates.put("optimal", pct(Policies.optimal(trace, capacity), trace.length));
            progress.accept("hit rate: " + t.getKey() + " / cage (W-TinyLFU)");
            rates.put("cage", pct(Policies.caffeine(trace, capacity), trace.length));
            progress.accept("hit rate: " + t.getKey() + " / LFU");
            rates.put("lfu", pct(Policies.lfu(trace, capacity), trace.length));
            progress.accept("hit rate: " + t.getKey() + " / LRU");
            rates.put("lru", pct(Policies.lru(trace, capacity), trace.length));
            rows.add(new Row(t.getKey(), rates));
        }
        return rows;
    }

    /** A Markdown table, with the targets judged. */
    public static String report(List<Row> rows) {
        StringBuilder b = new StringBuilder("| trace | optimal | cage (W-TinyLFU) | plain LFU | LRU |\n|---|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            b.append(String.format("| %s | %.1f%% | %.1f%% | %.1f%% | %.1f%% |%n", r.trace(), r.of("optimal"), r.of("cage"),
                r.of("lfu"), r.of("lru")));
        }
        for (Row r : rows) {
            if (r.trace().equals("zipf-0.99")) {
                double gap = r.of("optimal") - r.of("cage");
                b.append(String.format("%nZipf: cage is %.1f points below optimal (target: within 10): %s", gap,
                    gap <= 10 ? "MET" : "NOT MET"));
            }
            if (r.trace().endsWith("shifting")) {
                b.append(String.format("%nShifting hot set: cage %.1f%% vs LRU %.1f%% (target: never below LRU): %s",
                    r.of("cage"), r.of("lru"), r.of("cage") >= r.of("lru") ? "MET" : "NOT MET"));
            }
        }
        return b.append('\n').toString();
    }

    private static double pct(long hits, int length) {
        return 100.0 * hits / length;
    }
}
