package dev.cage.bench.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code cage bench journal} at toy sizes: every figure is there and the rollback restored the bytes. */
@Tag("slow")
class JournalBenchCommandSlowTest {
    @TempDir
    Path tmp;

    @Test
    void run_atToySizes_reportsEveryWorkloadAndAnExactRollback() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(captured, true));
            exit = new CommandLine(new JournalBenchCommand()).execute("--seconds", "1", "--rounds", "1",
                "--warmup", "1", "--sessions", "1,4", "--rollback-writes", "3000",
                "--dir", tmp.resolve("work").toString());
        } finally {
            System.setOut(original);
        }
        String out = captured.toString();
        assertThat(exit).isZero();
        assertThat(out).contains("4 KiB random writes/s, 1 session |", "4 KiB random writes/s, 4 sessions |",
            "1 MiB sequential writes, MiB/s |");
        assertThat(out).contains("3,000 undo steps; bytes identical to before: true");
        assertThat(out).doesNotContain("| 0 |");
    }
}
