package dev.cage.bench.cache;

import java.util.Random;

/** Page-access traces for hit-rate comparisons. Seeded, so every policy sees the very same accesses. */
public final class Traces {
    private Traces() {
    }

    /** Every page equally likely. */
    public static long[] uniform(int pages, int length, long seed) {
        Random rnd = new Random(seed);
        long[] t = new long[length];
        for (int i = 0; i < length; i++) {
            t[i] = rnd.nextInt(pages);
        }
        return t;
    }

    /** Zipf-distributed ranks (exponent {@code s}), mapped to pages by a random permutation. */
    public static long[] zipf(int pages, int length, double s, long seed) {
        Random rnd = new Random(seed);
        Zipf z = new Zipf(pages, s);
        int[] pageOfRank = permutation(pages, rnd);
        long[] t = new long[length];
        for (int i = 0; i < length; i++) {
            t[i] = pageOfRank[z.sample(rnd)];
        }
        return t;
    }

    /** Zipf over one hot set for the first half, then over a different one: the hot set shifts. */
    public static long[] shifting(int pages, int length, double s, long seed) {
        long[] first = zipf(pages, length / 2, s, seed);
        long[] second = zipf(pages, length - length / 2, s, seed + 1_000_003);
        long[] t = new long[length];
        System.arraycopy(first, 0, t, 0, first.length);
        System.arraycopy(second, 0, t, first.length, second.length);
        return t;
    }

    static int[] permutation(int n, Random rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int x = p[i];
            p[i] = p[j];
            p[j] = x;
        }
        return p;
    }

    /** Samples ranks 0..n-1 with P(rank k) proportional to 1/(k+1)^s, by binary search in the CDF. */
    public static final class Zipf {
        private final double[] cdf;

        public Zipf(int n, double s) {
            cdf = new double[n];
            double sum = 0;
            for (int k = 0; k < n; k++) {
                sum += 1 / Math.pow(k + 1, s);
                cdf[k] = sum;
            }
            for (int k = 0; k < n; k++) {
                cdf[k] /= sum;
            }
        }

        public int sample(Random rnd) {
            double u = rnd.nextDouble();
            int lo = 0;
            int hi = cdf.length - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cdf[mid] < u) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }
}
