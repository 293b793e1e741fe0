package dev.cage.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NodeStatsTest {
    @Test
    void everyLatencyFallsIntoTheFirstBucketWhoseBoundHoldsIt() {
        for (long micros : new long[] {0, 1, 2, 3, 5, 17, 100, 999, 1_000, 65_536, 1_000_000, 20_000_000}) {
            int k = NodeStats.bucketOf(micros);
            assertThat(NodeStats.boundMicros(k)).as("bound of the bucket of %d µs", micros).isGreaterThanOrEqualTo(micros);
            if (k > 0) {
                assertThat(NodeStats.boundMicros(k - 1)).as("bound below %d µs", micros).isLessThan(micros);
            }
        }
    }

    @Test
    void boundsGrowByUnder20PercentABucket_andTheLastTakesEverythingLonger() {
        for (int k = 29; k < NodeStats.BUCKETS; k++) { // from 128 µs on
            assertThat((double) NodeStats.boundMicros(k) / NodeStats.boundMicros(k - 1)).isLessThanOrEqualTo(1.2);
        }
        assertThat(NodeStats.bucketOf(Long.MAX_VALUE / 2)).isEqualTo(NodeStats.BUCKETS - 1);
        assertThat(NodeStats.bucketOf(30_000_000)).isEqualTo(NodeStats.BUCKETS - 1); // beyond the last bound, 28 s
    }
}
