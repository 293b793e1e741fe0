package dev.cage.bench.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;

/** The small pure helpers of the cache benchmark. */
class BenchHelpersCacheTest {
    @Test
    void heapMeter_collectsUntilTwoReadingsAgree_atLeastThreeTimes() {
        long[] readings = {900L << 20, 500L << 20, 300L << 20, 300L << 20, 1, 1};
        int[] calls = {0};
        HeapMeter m = new HeapMeter(() -> calls[0]++, () -> readings[calls[0] - 1]);
        assertThat(m.usedAfterGc()).isEqualTo(300L << 20);
        assertThat(calls[0]).isEqualTo(4);
    }

    @Test
    void heapMeter_givesUpAfterEightCollections() {
        int[] calls = {0};
        HeapMeter m = new HeapMeter(() -> calls[0]++, () -> calls[0] * (10L << 20));
        assertThat(m.usedAfterGc()).isEqualTo(80L << 20);
        assertThat(calls[0]).isEqualTo(HeapMeter.MAX_CALLS);
    }

    @Test
    void memoryFigure_relatesTheHeapAddedToThePageBytes() {
        MemoryFigure f = new MemoryFigure("x", 100L << 20, 210L << 20, 4096, 25_600, 25_600);
        assertThat(f.pageBytes()).isEqualTo(100L << 20);
        assertThat(f.added()).isEqualTo(110L << 20);
        assertThat(f.ratio()).isEqualTo(1.10);
        assertThat(f.overheadPerPage()).isCloseTo(409.6, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void progress_printsEachQuarterOnce_andFollowsHibernationTasks() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        StderrProgress p = new StderrProgress(new PrintStream(buf, true, StandardCharsets.UTF_8));
        LongConsumer step = p.task("reading", 8);
        for (int i = 0; i < 12; i++) {
            step.accept(1); // past 100 %: a repeated trace prints nothing more
        }
        p.progress("hibernate", 50, 100);
        p.progress("hibernate", 100, 100);
        p.progress("wake", 100, 100);
        List<String> lines = buf.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).containsExactly("[bench cache] reading 25%", "[bench cache] reading 50%",
            "[bench cache] reading 75%", "[bench cache] reading 100%", "[bench cache] hibernate 25%",
            "[bench cache] hibernate 50%", "[bench cache] hibernate 75%", "[bench cache] hibernate 100%",
            "[bench cache] wake 25%", "[bench cache] wake 50%", "[bench cache] wake 75%", "[bench cache] wake 100%");
    }

    @Test
    void format_writesFiguresAsTheReportShowsThem() {
        assertThat(Format.number(123_456.4)).isEqualTo("123,456");
        assertThat(Format.number(98.74)).isEqualTo("98.7");
        assertThat(Format.times(52.345)).isEqualTo("52.35×");
        assertThat(Format.percent(0.0571)).isEqualTo("5.7 %");
        assertThat(Format.percent(0.25)).isEqualTo("25 %");
        assertThat(Format.mib(1L << 30)).isEqualTo("1,024.0 MiB");
        assertThat(Format.seconds(1_234_000_000)).isEqualTo("1.234 s");
    }

    @Test
    void rotated_movesTheFirstColumnsToTheEnd() {
        assertThat(RandomReadBench.rotated(List.of("a", "b", "c"), 1)).containsExactly("b", "c", "a");
        assertThat(RandomReadBench.rotated(List.of("a", "b", "c"), 3)).containsExactly("a", "b", "c");
    }
}
