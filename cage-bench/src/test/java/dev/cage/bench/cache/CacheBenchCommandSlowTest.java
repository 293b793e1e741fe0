package dev.cage.bench.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The whole cache benchmark at toy sizes, every part for real. Every 4 KiB read of every column, and every page
 * of the hibernation part, is checked against the file's known bytes by the command itself: a wrong byte fails
 * the run (non-zero exit) instead of giving a figure. Runs with {@code -Pslow}.
 */
@Tag("slow")
class CacheBenchCommandSlowTest {
    @TempDir
    Path tmp;

    @Test
    void tinySizes_everyFigureIsPositive_theWarmWakeMissesNothing_andEveryReadWasTheFilesBytes() throws Exception {
        Path report = tmp.resolve("cache.md");
        CacheBenchCommand bench = new CacheBenchCommand();
        int exit = new CommandLine(bench).execute("--size", "32m", "--rounds", "1", "--trace-length", "100000",
            "--reads", "2000", "--min-seconds", "0.1", "--dir", tmp.resolve("work").toString(), "--report", report.toString());

        assertThat(exit).as("exit code; non-zero also when any read returned bytes other than the file's").isZero();
        CacheBenchResults r = bench.results();

        RandomReadResults rr = r.random();
        assertThat(rr.patterns()).containsExactly(AccessPattern.values());
        for (AccessPattern p : AccessPattern.values()) {
            for (String c : rr.columns()) {
                assertThat(rr.median(p, c).orElse(0)).as(p.id() + " / " + c).isPositive();
            }
            assertThat(rr.hitRate(p).orElse(0)).as(p.id() + " hit rate").isPositive();
            assertThat(rr.warmUp(p).reads()).isPositive();
        }
        assertThat(rr.hitRate(AccessPattern.ZIPF_RESIDENT).orElse(0)).as("resident pages all hit").isEqualTo(1.0);
        assertThat(rr.warmUp(AccessPattern.ZIPF).pagesCached()).as("Zipf cache full after warm-up").isEqualTo(819);

        assertThat(r.hitRates()).hasSize(3);
        r.hitRates().forEach(row -> row.hitRates().values().forEach(v -> assertThat(v).as(row.trace()).isPositive()));

        HibernationResults h = r.hibernation();
        assertThat(h.pageCount()).isEqualTo(512);
        assertThat(h.wakeMisses()).as("a warm wake misses nothing").isZero();
        assertThat(h.pagesKept()).isEqualTo(512);
        assertThat(h.fillNanos()).isPositive();
        assertThat(h.dumpNanos()).isPositive();
        assertThat(h.dumpBytes()).isGreaterThan(32L << 20);
        assertThat(h.wakeNanos()).hasSize(1).allMatch(n -> n > 0);
        assertThat(h.coldNanos()).hasSize(1).allMatch(n -> n > 0);
        assertThat(h.speedup()).isPositive();

        for (MemoryFigure m : new MemoryFigure[] {r.zipfMemory(), h.filledMemory(), h.wokenMemory()}) {
            assertThat(m.added()).as(m.label()).isPositive();
            assertThat(m.ratio()).as(m.label()).isPositive();
            assertThat(m.pagesCached()).as(m.label()).isEqualTo(m.pageCount());
        }

        String md = Files.readString(report);
        assertThat(md).contains("## 1. Random 4 KiB reads").contains("## 2. Hit rates").contains("## 3. Hibernation")
            .contains("## 4. Client heap").contains("## Targets").contains("aes128-gcm@openssh.com")
            .contains("| misses after waking / pages kept | 0 / 512 of 512 |");
        assertThat(tmp.resolve("work")).doesNotExist();
    }
}
