package dev.cage.bench;

import java.util.Arrays;

/** The few statistics the report needs: medians across rounds and percentiles of latency samples. */
public final class Stats {
    private Stats() {
    }

    /**
     * The median; the mean of the middle two for an even count.
     *
     * @throws IllegalArgumentException if there are no values
     */
    public static double median(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("the median of nothing is undefined");
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }

    /**
     * The nearest-rank percentile of samples that are already sorted ascending: the smallest sample with at
     * least {@code p} percent of the samples at or below it.
     *
     * @throws IllegalArgumentException if there are no samples or {@code p} is outside 0..100
     */
    public static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("a percentile of no samples is undefined");
        }
        if (p < 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be within 0..100, not " + p);
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
