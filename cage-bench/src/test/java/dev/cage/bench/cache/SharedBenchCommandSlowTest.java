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
        int exit = new CommandLine(bench).execute("--file-size", "16m", "--rounds", "1", "--warmup", "6000", "--reads", "3000",
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
        assertThat(a.coldNodeReads()).as("the warm-up's node reads are counted apart").isPositive();
        assertThat(b.clusterHits()).as("pages one client read served to another").isPositive();
        assertThat(b.nodeReads()).as("node reads with the shared tier").isLessThan(a.nodeReads());
        assertThat(b.coldNodeReads()).as("node reads with the shared tier, from empty caches").isLessThan(a.coldNodeReads());
        // Not asserted: node reads >= first touches. A read that starts where the channel's last one ended reads ahead
        // in the same request, so when a trace happens to read two adjacent pages, one READ brings pages nobody has
        // touched yet (seen once in CI: 456 READs for 457 first touches).
        assertThat(b.firstTouches()).as("pages of the measured part no earlier read touched").isPositive();
        assertThat(a.localHits() + a.clusterHits() + a.serverPages())
            .as("lookups of the measured part only: one per read at least, fewer than warm-up and measured reads")
            .isBetween(3L * 3000, 3L * (6000 + 3000) - 1);
        assertThat(a.readsPerSecond()).isPositive();
        assertThat(b.readsPerSecond()).isPositive();

        SharedBenchResults.Latency l = r.latencies().get(0);
        assertThat(l.clusterNanos()).hasSize(200);
        assertThat(l.serverNanos()).hasSize(200);
        assertThat(l.clusterHits()).as("published pages found in the cluster").isPositive();
        assertThat(l.cluster(50)).isPositive();
        assertThat(l.server(50)).isPositive();
        assertThat(l.loopbackNanos()).hasSize(200);
        assertThat(l.loopback(50)).isPositive();

        String md = Files.readString(report);
        assertThat(md).contains("## Three clients, Zipf(0.99) 4 KiB reads").contains("| node reads (READ requests), measured part |")
            .contains("| node reads during the warm-up (from empty caches) |").contains("loopback round trip p50")
            .contains("## A page from the cluster vs from the node").contains("## Targets")
            .contains("node reads with shared caches ≤ 1/3 of private").contains("## Per round").contains("## Conditions")
            .contains("cage bench shared --file-size 16m");
        assertThat(tmp.resolve("work")).doesNotExist();
    }
}
