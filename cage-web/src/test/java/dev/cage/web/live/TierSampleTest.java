package dev.cage.web.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cage.api.TierStats;
import org.junit.jupiter.api.Test;

class TierSampleTest {
    @Test
    void pagesPerSecondByWhereTheyCameFrom() {
        TierStats before = new TierStats(10, 4, 6, 0, 0, 0, 0, 0, 0, 0);
        TierStats now = new TierStats(30, 8, 16, 0, 0, 0, 0, 0, 0, 0);
        TierSample s = TierSample.between(before, now, 2.0);
        assertThat(s.localHitsPerSecond()).isEqualTo(10.0);
        assertThat(s.clusterHitsPerSecond()).isEqualTo(2.0);
        assertThat(s.serverReadsPerSecond()).isEqualTo(5.0);
    }

    @Test
    void theFirstSample_orCountersThatStartedAgain_showNoNegativeRates() {
        TierStats now = new TierStats(30, 8, 16, 0, 0, 0, 0, 0, 0, 0);
        assertThat(TierSample.between(null, now, 1.0).localHitsPerSecond()).isZero();
        TierStats restarted = new TierStats(1, 0, 1, 0, 0, 0, 0, 0, 0, 0);
        assertThat(TierSample.between(now, restarted, 1.0).serverReadsPerSecond()).isZero();
    }
}
