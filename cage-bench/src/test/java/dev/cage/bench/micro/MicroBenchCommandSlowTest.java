package dev.cage.bench.micro;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import picocli.CommandLine;

/** {@code cage bench micro} at a toy length: every benchmark runs in a forked JVM and reports time and allocation. */
@Tag("slow")
class MicroBenchCommandSlowTest {
    @Test
    void call_shortRun_measuresEveryBenchmarkWithItsAllocation() {
        MicroBenchCommand micro = new MicroBenchCommand();
        int exit = new CommandLine(micro).execute("--seconds", "1", "--iterations", "1");

        assertThat(exit).isZero();
        // The codec at two sizes and the page cache's hit.
        assertThat(micro.results()).hasSize(3);
        for (RunResult r : micro.results()) {
            String name = r.getParams().getBenchmark() + " " + r.getParams().getParam("size");
            assertThat(r.getPrimaryResult().getScore()).as(name).isPositive();
            assertThat(r.getSecondaryResults()).as(name).containsKey("gc.alloc.rate.norm");
        }
    }
}
