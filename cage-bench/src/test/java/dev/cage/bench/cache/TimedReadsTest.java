package dev.cage.bench.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cage.bench.CorruptDataException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimedReadsTest {
    private final FileContent content = new FileContent(1);

    /** A column over {@link FileContent} that records the offsets read; {@code corruptAt} gets a flipped byte. */
    private final class FakeColumn implements ReadColumn {
        final List<Long> offsets = new ArrayList<>();
        final long corruptAt;

        FakeColumn(long corruptAt) {
            this.corruptAt = corruptAt;
        }

        @Override
        public String title() {
            return "fake";
        }

        @Override
        public void read(long offset, byte[] dst) {
            offsets.add(offset);
            content.fill(offset, dst, 0, dst.length);
            if (offset == corruptAt) {
                dst[100] ^= 1;
            }
        }

        @Override
        public void close() {
        }
    }

    @Test
    void run_readsTheTraceInOrder_andTimesOnlyTheBatches() throws Exception {
        long[] clock = {0};
        TimedReads reads = new TimedReads(content, () -> clock[0] += 10); // every clock reading advances 10 ns
        FakeColumn c = new FakeColumn(-1);
        long[] trace = new long[150];
        for (int i = 0; i < trace.length; i++) {
            trace[i] = 1000 - i;
        }
        long[] progress = {0};

        TimedReads.Outcome o = reads.run(c, trace, 0, n -> progress[0] += n);

        assertThat(o.reads()).isEqualTo(150);
        assertThat(o.nanos()).as("3 batches, 10 ns each").isEqualTo(30);
        assertThat(progress[0]).isEqualTo(150);
        assertThat(c.offsets).hasSize(150).startsWith(1000L * FileContent.BLOCK, 999L * FileContent.BLOCK);
    }

    @Test
    void run_repeatsTheWholeTraceUntilTheMinimumTimeHasPassed() throws Exception {
        long[] clock = {0};
        TimedReads reads = new TimedReads(content, () -> clock[0] += 10);
        FakeColumn c = new FakeColumn(-1);

        TimedReads.Outcome o = reads.run(c, new long[] {1, 2, 3}, 35, n -> { });

        assertThat(o.reads()).as("4 passes of 10 ns to pass 35 ns").isEqualTo(12);
        assertThat(o.perSecond()).isEqualTo(12 / 40e-9);
    }

    @Test
    void run_failsOnWrongBytes_soABrokenColumnCannotReportAFigure() {
        TimedReads reads = new TimedReads(content, System::nanoTime);
        FakeColumn c = new FakeColumn(5L * FileContent.BLOCK);
        assertThatThrownBy(() -> reads.run(c, new long[] {1, 2, 5, 6}, 0, n -> { }))
            .isInstanceOf(CorruptDataException.class).hasMessageContaining("fake").hasMessageContaining(String.valueOf(5 * 4096));
    }
}
