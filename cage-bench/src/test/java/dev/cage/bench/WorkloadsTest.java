package dev.cage.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadsTest {
    private static final long SIZE = 3L * Content.BLOCK + 12_345; // a partial last block too
    private final Progress quiet = new Progress(new PrintStream(OutputStream.nullOutputStream()), false);
    private final Workloads work = new Workloads(SIZE, 20, 300, 1, new Content(7), quiet);

    @Test
    void run_honestColumn_givesPositiveFigures() throws Exception {
        MemoryColumn c = new MemoryColumn(false);
        for (Workload w : Workload.values()) {
            Measurement m = work.run(w, c, 1);
            assertThat(m.value()).as(w.id()).isPositive();
        }
        assertThat(work.run(Workload.RANDOM_QD32, c, 1).extras()).containsKeys("p50 µs", "p99 µs");
    }

    @Test
    void seqRead_columnReturningWrongBytes_throwsCorruptData() throws Exception {
        MemoryColumn c = new MemoryColumn(true);
        work.run(Workload.SEQ_WRITE, c, 1);
        assertThatThrownBy(() -> work.run(Workload.SEQ_READ, c, 1))
            .isInstanceOf(CorruptDataException.class).hasMessageContaining("broken");
    }

    @Test
    void seqRead_fileFromAnotherRound_throwsCorruptData() throws Exception {
        MemoryColumn c = new MemoryColumn(false);
        work.run(Workload.SEQ_WRITE, c, 1);
        assertThatThrownBy(() -> work.run(Workload.SEQ_READ, c, 2)).isInstanceOf(CorruptDataException.class);
    }

    @Test
    void randomReads_columnReturningWrongBytes_throwsCorruptData() throws Exception {
        MemoryColumn c = new MemoryColumn(true);
        work.run(Workload.SEQ_WRITE, c, 1);
        assertThatThrownBy(() -> work.run(Workload.RANDOM_QD1, c, 1)).isInstanceOf(CorruptDataException.class);
        assertThatThrownBy(() -> work.run(Workload.RANDOM_QD32, c, 1)).isInstanceOf(CorruptDataException.class);
    }

    @Test
    void benchRun_readsWithoutWrite_prepareTheFileAndCleanUp() throws Exception {
        MemoryColumn c = new MemoryColumn(false);
        Results r = new BenchRun(List.of(c), EnumSet.of(Workload.RANDOM_QD1), 2, work, quiet).run();
        assertThat(r.rounds(Workload.RANDOM_QD1, "memory")).hasSize(2);
        assertThatThrownBy(() -> c.remove(Workloads.FILE)).hasMessageContaining("does not exist");
    }

    @Test
    void targets_missingColumn_areNotMeasuredRatherThanMet() {
        Results r = new Results(List.of("Cage"));
        r.add(Workload.RANDOM_QD32, "Cage", Measurement.of(150_000));
        List<Targets.Verdict> v = Targets.judge(r);
        assertThat(v).extracting(Targets.Verdict::label)
            .containsExactly("NOT MEASURED", "NOT MEASURED", "NOT MEASURED", "MET", "NOT MEASURED");
    }
}
