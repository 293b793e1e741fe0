package dev.cage.bench.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code cage bench group} at toy sizes: a standalone node and a group of three, every figure there. */
@Tag("slow")
class GroupBenchCommandSlowTest {
    @TempDir
    Path tmp;

    @Test
    void run_atToySizes_reportsEveryWorkloadForBothTargets() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(captured, true));
            exit = new CommandLine(new GroupBenchCommand()).execute("--seconds", "1", "--rounds", "1",
                "--warmup", "1", "--sessions", "1,4", "--dir", tmp.resolve("work").toString());
        } finally {
            System.setOut(original);
        }
        String out = captured.toString();
        assertThat(exit).isZero();
        assertThat(out).contains("4 KiB random writes/s, 1 session |", "4 KiB random writes/s, 4 sessions |",
            "1 MiB sequential writes, MiB/s |");
        assertThat(out).doesNotContain("| 0 |");
    }
}
