package dev.cage.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchHelpersTest {
    @Test
    void parse_suffixes_areBinaryUnits() {
        assertThat(Sizes.parse("4096")).isEqualTo(4096);
        assertThat(Sizes.parse("512k")).isEqualTo(512L << 10);
        assertThat(Sizes.parse("8m")).isEqualTo(8L << 20);
        assertThat(Sizes.parse("1g")).isEqualTo(1L << 30);
        assertThat(Sizes.parse(" 2G ")).isEqualTo(2L << 30);
    }

    @Test
    void parse_badText_throwsNamingIt() {
        for (String bad : new String[] {"", "g", "1.5g", "-1m", "1t", "12x", "99999999999g"}) {
            assertThatThrownBy(() -> Sizes.parse(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> Sizes.parse("1.5g")).hasMessageContaining("1.5g");
    }

    @Test
    void format_exactUnits_roundTrip() {
        assertThat(Sizes.format(1L << 30)).isEqualTo("1g");
        assertThat(Sizes.format(1536L << 10)).isEqualTo("1536k");
        assertThat(Sizes.format(1000)).isEqualTo("1000");
        assertThat(Sizes.parse(Sizes.format(3L << 20))).isEqualTo(3L << 20);
    }

    @Test
    void median_oddAndEvenCounts_middleOrMeanOfMiddleTwo() {
        assertThat(Stats.median(3, 1, 2)).isEqualTo(2);
        assertThat(Stats.median(4, 1, 3, 2)).isEqualTo(2.5);
        assertThat(Stats.median(7)).isEqualTo(7);
        assertThatThrownBy(Stats::median).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void median_doesNotReorderTheCallersArray() {
        double[] v = {3, 1, 2};
        Stats.median(v);
        assertThat(v).containsExactly(3, 1, 2);
    }

    @Test
    void percentile_nearestRank_onSortedSamples() {
        long[] hundred = new long[100];
        for (int i = 0; i < 100; i++) {
            hundred[i] = i + 1;
        }
        assertThat(Stats.percentile(hundred, 50)).isEqualTo(50);
        assertThat(Stats.percentile(hundred, 99)).isEqualTo(99);
        assertThat(Stats.percentile(hundred, 100)).isEqualTo(100);
        assertThat(Stats.percentile(hundred, 0)).isEqualTo(1);
        assertThat(Stats.percentile(new long[] {5, 9}, 99)).isEqualTo(9);
        assertThatThrownBy(() -> Stats.percentile(new long[0], 50)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Stats.percentile(hundred, 101)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseList_namesInAnyOrder_runInWorkloadOrder() {
        assertThat(Workload.parseList("small-files, seq-write")).containsExactly(Workload.SEQ_WRITE, Workload.SMALL_FILES);
        assertThat(Workload.parseList(null)).hasSize(Workload.values().length);
        assertThatThrownBy(() -> Workload.parseList("seq-wrte")).hasMessageContaining("seq-write");
    }

    @Test
    void content_sliceMatchesAndStampsDifferByRound() {
        Content c = new Content(1);
        byte[] first = new byte[4096];
        c.slice(2, 0, first);
        assertThat(c.matches(2, 0, first)).isTrue();
        assertThat(c.matches(3, 0, first)).isFalse(); // stale bytes from another round are caught
        byte[] later = new byte[4096];
        c.slice(2, 5L * Content.BLOCK, later);
        assertThat(c.matches(2, 5L * Content.BLOCK, later)).isTrue();
        assertThat(c.matches(2, 9L * Content.BLOCK, later)).isFalse(); // same pool block, wrong place
        assertThat(c.checksum(1, 3L * Content.BLOCK + 100)).isNotEqualTo(c.checksum(2, 3L * Content.BLOCK + 100));
    }
}
