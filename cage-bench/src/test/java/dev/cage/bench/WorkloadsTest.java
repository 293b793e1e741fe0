package dev.cage.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
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
        assertThat(work.run(Workload.RANDOM_QD32, c, 1).extras()).containsKeys("p50 µs", "p99 µs", Workloads.CPU_PER_OP);
        assertThat(work.run(Workload.SEQ_READ, c, 1).extras().get(Workloads.CPU_PER_GIB)).isNotNegative(); // a tiny file may cost less than the clock sees
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
        Results r = new Results(List.of("raw socket", "Cage"));
        r.add(Workload.RANDOM_QD32, "raw socket", Measurement.of(100_000));
        r.add(Workload.RANDOM_QD32, "Cage", Measurement.of(95_000));
        r.add(Workload.SEQ_READ, "raw socket", new Measurement(2_000, Map.of(Workloads.CPU_PER_GIB, 1.0)));
        r.add(Workload.SEQ_READ, "Cage", new Measurement(1_000, Map.of(Workloads.CPU_PER_GIB, 1.5)));
        List<Targets.Verdict> v = Targets.judge(r);
        // Read at 50 % of raw is judged; its CPU is not, as SFTP's is missing; QD 32 at 95 % is met.
        assertThat(v).extracting(Targets.Verdict::label).containsExactly(
            "NOT MEASURED", "NOT MET", "NOT MEASURED", "NOT MEASURED", "NOT MEASURED", "MET", "NOT MEASURED");
    }

    @Test
    void targets_smallFiles_allowOneRawRoundTripPerFile() {
        Results r = new Results(List.of("raw socket", "local NIO", "Cage"));
        r.add(Workload.RANDOM_QD1, "raw socket", new Measurement(10_000, Map.of("p50 µs", 100.0)));
        r.add(Workload.SMALL_FILES, "local NIO", Measurement.of(10_000)); // 100 µs a file: with a round trip 5,000/s
        r.add(Workload.SMALL_FILES, "Cage", Measurement.of(4_100));
        assertThat(Targets.judge(r).get(6).met()).isTrue();
        r.add(Workload.SMALL_FILES, "Cage", Measurement.of(3_900));
        r.add(Workload.SMALL_FILES, "Cage", Measurement.of(3_900)); // median now 3,900 < 80 % of 5,000
        assertThat(Targets.judge(r).get(6).met()).isFalse();
    }

    @Test
    void targets_cageNio_areJudgedAgainstTheApi_andOnlyWhenTheColumnRan() {
        Results r = new Results(List.of("Cage", Targets.CAGE_NIO));
        r.add(Workload.SEQ_READ, "Cage", new Measurement(2_000, Map.of(Workloads.CPU_PER_GIB, 1.0)));
        r.add(Workload.SEQ_READ, Targets.CAGE_NIO, new Measurement(1_820, Map.of(Workloads.CPU_PER_GIB, 1.1)));
        r.add(Workload.RANDOM_QD1, "Cage", new Measurement(10_000, Map.of(Workloads.CPU_PER_OP, 100.0)));
        r.add(Workload.RANDOM_QD1, Targets.CAGE_NIO, new Measurement(8_900, Map.of(Workloads.CPU_PER_OP, 112.0)));
        List<Targets.Verdict> v = Targets.judge(r);
        assertThat(v).hasSize(11);
        // 91 % met, 89 % missed; nothing measured for writes and small files
        assertThat(v.subList(7, 11)).extracting(Targets.Verdict::label)
            .containsExactly("NOT MEASURED", "MET", "NOT MET", "NOT MEASURED");
        assertThat(v.get(8).detail()).contains("91 %").contains("1.10 against the API's 1.00");
        assertThat(Targets.judge(new Results(List.of("Cage")))).hasSize(7);
    }
}
