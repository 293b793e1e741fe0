package dev.cage.bench.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/** Hit counts of replacement policies over a trace, each with room for {@code capacity} pages. */
public final class Policies {
    private Policies() {
    }

    /** Caffeine configured as the client's page cache is (W-TinyLFU, maintenance on the caller's thread). */
    public static long caffeine(long[] trace, int capacity) {
        Cache<Long, Boolean> c = Caffeine.newBuilder().maximumSize(capacity).executor(Runnable::run).build();
        long hits = 0;
        for (long page : trace) {
            if (c.getIfPresent(page) != null) {
                hits++;
            } else {
                c.put(page, Boolean.TRUE);
            }
        }
        return hits;
    }

    /** Least recently used. */
    public static long lru(long[] trace, int capacity) {
        LinkedHashMap<Long, Boolean> c = new LinkedHashMap<>(capacity * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Boolean> e) {
                return size() > capacity;
            }
        };
        long hits = 0;
        for (long page : trace) {
            if (c.get(page) != null) {
                hits++;
            } else {
                c.put(page, Boolean.TRUE);
            }
        }
        return hits;
    }

    /**
     * Plain LFU, as the original Cage evicted: the page with the fewest hits while cached goes first (ties:
     * the least recent). Counts are never aged, so pages that were hot once hold their place.
     */
    public static long lfu(long[] trace, int capacity) {
        TreeSet<long[]> order = new TreeSet<>((a, b) -> a[1] != b[1] ? Long.compare(a[1], b[1])
            : a[2] != b[2] ? Long.compare(a[2], b[2]) : Long.compare(a[0], b[0])); // {page, hits, last}
        Map<Long, long[]> node = new HashMap<>(capacity * 2);
        long hits = 0;
        for (int i = 0; i < trace.length; i++) {
            long page = trace[i];
            long[] n = node.get(page);
            if (n != null) {
                hits++;
                order.remove(n);
                n[1]++;
                n[2] = i;
                order.add(n);
                continue;
            }
            if (node.size() >= capacity) {
                long[] victim = order.pollFirst();
                node.remove(victim[0]);
            }
            n = new long[] {page, 1, i};
            node.put(page, n);
            order.add(n);
        }
        return hits;
    }

    /** Belady's optimal: evicts the page whose next use is furthest away. Needs the whole trace in advance. */
    public static long optimal(long[] trace, int capacity) {
        int n = trace.length;
        int[] nextUse = new int[n];
        Map<Long, Integer> seenAt = new HashMap<>();
        for (int i = n - 1; i >= 0; i--) {
            Integer next = seenAt.put(trace[i], i);
            nextUse[i] = next == null ? Integer.MAX_VALUE : next;
        }
        Map<Long, Integer> cachedNext = new HashMap<>(capacity * 2);
        TreeSet<long[]> byNext = new TreeSet<>((a, b) -> a[1] != b[1] ? Long.compare(b[1], a[1]) : Long.compare(a[0], b[0]));
        long hits = 0;
        for (int i = 0; i < n; i++) {
            long page = trace[i];
            Integer next = cachedNext.get(page);
            if (next != null) {
                hits++;
                byNext.remove(new long[] {page, next});
            } else if (cachedNext.size() >= capacity) {
                long[] victim = byNext.pollFirst();
                cachedNext.remove(victim[0]);
            }
            cachedNext.put(page, nextUse[i]);
            byNext.add(new long[] {page, nextUse[i]});
        }
        return hits;
    }
}
