package dev.cage.bench.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code cage bench shared} at a toy size, for real: a node, three Hazelcast members, three clients per mode. Every
 * 4 KiB read is checked against the file's known bytes by the command itself (a wrong byte fails the run). Asserts
 * what the run must show whatever the machine's speed: the shared mode had cluster hits and cost the node fewer
 * reads. Runs with {@code -Pslow} (starting the members takes seconds).
 */
@Tag("slow")
class SharedBenchCommandSlowTest {
    @TempDir
    Path tmp;

    @Test
    void oneSmallRound_sharedModeHasClusterHits_andFewerNodeReads_andTheReportHasEveryPart() throws Exception {
        Path report = tmp.resolve("shared.md");
        SharedBenchCommand bench = new SharedBenchCommand();
        int exit = new CommandLine(bench).execute("--file-size", "16m", "--rounds", "1", "--reads", "3000",
            "--latency-samples", "200", "--shared-mib", "64", "--dir", tmp.resolve("work").toString(),
            "--report", report.toString());

        assertThat(exit).as("exit code; non-zero also when any read returned bytes other than the file's").isZero();
        SharedBenchResults r = bench.results();
        assertThat(r.privateRounds()).hasSize(1);
        assertThat(r.sharedRounds()).hasSize(1);
        SharedBenchResults.Round a = r.privateRounds().get(0);
        SharedBenchResults.Round b = r.sharedRounds().get(0);
        assertThat(a.reads()).isEqualTo(3 * 3000);
        assertThat(b.reads()).isEqualTo(3 * 3000);
        assertThat(a.clusterHits()).as("private caches have no cluster").isZero();
        assertThat(a.nodeReads()).isPositive();
        assertThat(b.clusterHits()).as("pages one client read served to another").isPositive();
        assertThat(b.nodeReads()).as("node reads with the shared tier").isLessThan(a.nodeReads());
        assertThat(a.readsPerSecond()).isPositive();
        assertThat(b.readsPerSecond()).isPositive();

        SharedBenchResults.Latency l = r.latencies().get(0);
        assertThat(l.clusterNanos()).hasSize(200);
        assertThat(l.serverNanos()).hasSize(200);
        assertThat(l.clusterHits()).as("published pages found in the cluster").isPositive();
        assertThat(l.cluster(50)).isPositive();
        assertThat(l.server(50)).isPositive();

        String md = Files.readString(report);
        assertThat(md).contains("## Three clients, Zipf(0.99) 4 KiB reads").contains("| node reads (READ requests) |")
            .contains("## A page from the cluster vs from the node").contains("## Targets")
            .contains("node reads with shared caches ≤ 1/3 of private").contains("## Per round").contains("## Conditions")
            .contains("cage bench shared --file-size 16m");
        assertThat(tmp.resolve("work")).doesNotExist();
    }
}
