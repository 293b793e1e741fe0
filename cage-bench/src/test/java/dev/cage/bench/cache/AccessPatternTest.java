package dev.cage.bench.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessPatternTest {
    private final PageSpace space = PageSpace.of(10_000, 1_000, 5);

    @Test
    void everyPattern_isSeeded_andStaysInsideTheFile() {
        for (AccessPattern p : AccessPattern.values()) {
            long[] a = p.trace(space, 20_000, 1);
            assertThat(p.trace(space, 20_000, 1)).as(p.id()).isEqualTo(a);
            assertThat(p.trace(space, 20_000, 2)).as(p.id()).isNotEqualTo(a);
            assertThat(Arrays.stream(a).allMatch(x -> x >= 0 && x < 10_000)).as(p.id()).isTrue();
        }
    }

    @Test
    void zipf_sharesItsHotSetAcrossSampleSeeds_soAWarmUpWarmsForTheMeasuredTrace() {
        long[] warm = AccessPattern.ZIPF.trace(space, 50_000, 100);
        long[] measured = AccessPattern.ZIPF.trace(space, 50_000, 200);
        assertThat(mostFrequent(warm)).isEqualTo(mostFrequent(measured)).isEqualTo(space.pageOfRank()[0]);
    }

    @Test
    void resident_drawsOnlyFromThePreloadedHottestPages_whichFitInHalfTheCache() {
        long[] pre = AccessPattern.ZIPF_RESIDENT.preload(space);
        assertThat(pre).hasSize(500);
        Set<Long> hot = new HashSet<>();
        Arrays.stream(pre).forEach(hot::add);
        assertThat(Arrays.stream(AccessPattern.ZIPF_RESIDENT.trace(space, 20_000, 3)).allMatch(hot::contains)).isTrue();
        assertThat(AccessPattern.ZIPF_RESIDENT.canFillCache(space)).isFalse();
        assertThat(AccessPattern.ZIPF.preload(space)).isEmpty();
        assertThat(AccessPattern.ZIPF.canFillCache(space)).isTrue();
    }

    @Test
    void uniform_spreadsOverTheWholeFile() {
        long distinct = Arrays.stream(AccessPattern.UNIFORM.trace(space, 100_000, 4)).distinct().count();
        assertThat(distinct).isGreaterThan(9_900);
    }

    @Test
    void pageSpace_refusesAnEmptyFileOrCache() {
        assertThatThrownBy(() -> PageSpace.of(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PageSpace.of(10, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(PageSpace.of(10, 1, 1).residentPages()).isEqualTo(1);
    }

    private static long mostFrequent(long[] t) {
        return Arrays.stream(t).boxed().collect(java.util.stream.Collectors.groupingBy(x -> x, java.util.stream.Collectors.counting()))
            .entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
    }
}
