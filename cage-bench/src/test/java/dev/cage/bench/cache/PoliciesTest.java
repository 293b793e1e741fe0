package dev.cage.bench.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PoliciesTest {
    @Test
    void optimal_onAKnownTrace_givesTheTextbookCount() {
        // Capacity 3. Belady: 1 2 3 miss; 1 2 hit; 4 misses and evicts 3 (next used furthest away);
        // 1 2 hit; 3 misses and evicts 1 (never used again); 4 hits: 5 hits. LRU evicts 3, then 4: 4 hits.
        long[] trace = {1, 2, 3, 1, 2, 4, 1, 2, 3, 4};
        assertThat(Policies.optimal(trace, 3)).isEqualTo(5);
        assertThat(Policies.lru(trace, 3)).isEqualTo(4);
    }

    @Test
    void optimal_isNeverBeatenByAnyPolicy() {
        long[] trace = Traces.zipf(2000, 50_000, 0.99, 7);
        long best = Policies.optimal(trace, 200);
        assertThat(Policies.caffeine(trace, 200)).isLessThanOrEqualTo(best);
        assertThat(Policies.lru(trace, 200)).isLessThanOrEqualTo(best);
        assertThat(Policies.lfu(trace, 200)).isLessThanOrEqualTo(best);
    }

    @Test
    void plainLfu_collapsesWhenTheHotSetShifts_whileTinyLfuFollowsIt() {
        long[] trace = Traces.shifting(20_000, 400_000, 0.99, 3);
        long lfu = Policies.lfu(trace, 2000);
        long tiny = Policies.caffeine(trace, 2000);
        long lru = Policies.lru(trace, 2000);
        assertThat(tiny).isGreaterThan(lfu);
        assertThat(tiny).isGreaterThanOrEqualTo(lru);
    }

    @Test
    void zipfSampler_favoursLowRanks() {
        Traces.Zipf z = new Traces.Zipf(1000, 0.99);
        java.util.Random rnd = new java.util.Random(1);
        int rank0 = 0;
        int rank999 = 0;
        for (int i = 0; i < 100_000; i++) {
            int r = z.sample(rnd);
            rank0 += r == 0 ? 1 : 0;
            rank999 += r == 999 ? 1 : 0;
        }
        assertThat(rank0).isGreaterThan(50 * Math.max(1, rank999));
    }
}
