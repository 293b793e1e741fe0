package dev.cage.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The whole benchmark at toy sizes, every column for real. Runs with {@code -Pslow}. */
@Tag("slow")
class BenchCommandSlowTest {
    private static final List<String> COLUMNS = List.of("raw socket", "local NIO", "SFTP", "Cage");

    @TempDir
    Path tmp;

    @Test
    void call_tinySizes_reportsAPositiveFigureForEveryCellThatApplies() throws Exception {
        Path report = tmp.resolve("report.md");
        BenchCommand bench = new BenchCommand();
        int exit = new CommandLine(bench).execute("--size", "8m", "--files", "200", "--random-reads", "500",
            "--rounds", "1", "--dir", tmp.resolve("work").toString(), "--report", report.toString());

        assertThat(exit).as("exit code; non-zero also when a column read back wrong bytes").isZero();
        Results r = bench.results();
        assertThat(r.columns()).containsExactlyElementsOf(COLUMNS);
        for (Workload w : Workload.values()) {
            for (String c : COLUMNS) {
                if (w == Workload.SMALL_FILES && c.equals("raw socket")) {
                    assertThat(r.median(w, c)).as(w.id() + " / " + c).isEmpty();
                } else {
                    assertThat(r.median(w, c).orElse(0)).as(w.id() + " / " + c).isPositive();
                }
            }
        }
        assertThat(r.medianExtra(Workload.RANDOM_QD1, "Cage", "p99 µs").orElse(0)).isPositive();

        String md = Files.readString(report);
        for (Workload w : Workload.values()) {
            String row = md.lines().filter(l -> l.startsWith("| " + w.id() + " |")).findFirst().orElseThrow();
            String[] cells = Arrays.stream(row.split("\\|")).map(String::trim).toArray(String[]::new);
            // cells: "", workload, unit, raw, nio, sftp, cage, ...
            for (int i = 0; i < COLUMNS.size(); i++) {
                String cell = cells[3 + i];
                if (w == Workload.SMALL_FILES && i == 0) {
                    assertThat(cell).isEqualTo("n/a");
                } else {
                    assertThat(Double.parseDouble(cell.replace(",", ""))).as(w.id() + " / " + COLUMNS.get(i)).isPositive();
                }
            }
        }
        assertThat(md).contains("aes128-gcm@openssh.com").contains("## Targets").contains("Cage/SFTP");
        assertThat(tmp.resolve("work")).doesNotExist(); // the work directory it made is gone again
    }

    @Test
    void sftpAndCageColumns_readBackExactlyTheBytesWritten() throws Exception {
        byte[] data = new byte[3 * Content.BLOCK + 777];
        new Random(3).nextBytes(data);
        try (Column sftp = new SftpColumn(tmp.resolve("sftp"));
             Column cage = new CageColumn(tmp.resolve("cage-root"), tmp.resolve("cage-data"), 1, 2)) {
            for (Column c : List.of(sftp, cage)) {
                try (Column.SequentialWriter w = c.writer("f.bin", data.length)) {
                    w.write(data, 0, Content.BLOCK);
                    w.write(data, Content.BLOCK, data.length - Content.BLOCK);
                }
                byte[] back = new byte[data.length];
                int got = 0;
                try (Column.SequentialReader rd = c.reader("f.bin", data.length, 1)) {
                    for (int n; got < back.length && (n = rd.read(back, got, Math.min(Content.BLOCK, back.length - got))) > 0; ) {
                        got += n;
                    }
                }
                assertThat(got).as(c.title()).isEqualTo(data.length);
                assertThat(back).as(c.title()).isEqualTo(data);
                byte[] point = new byte[4096];
                try (Column.RandomReads rr = c.randomReads("f.bin", 1, 1)) {
                    rr.forThread(0).read(2L * Content.BLOCK + 4096, point);
                }
                assertThat(point).isEqualTo(Arrays.copyOfRange(data, 2 * Content.BLOCK + 4096, 2 * Content.BLOCK + 8192));
                c.remove("f.bin");
            }
        }
    }
}
