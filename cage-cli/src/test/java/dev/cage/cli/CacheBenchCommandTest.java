package dev.cage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line of {@code cage bench cache}, without running a benchmark. */
class CacheBenchCommandTest {
    private record Run(int code, String out, String err) {
    }

    private static Run cage(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new CageCommand());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return new Run(cmd.execute(args), out.toString(), err.toString());
    }

    @Test
    void isASubcommandOfBench_withItsOptionsInTheHelp() {
        Run r = cage("bench", "cache", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: cage bench cache").contains("--size").contains("--trace-length")
            .contains("--rounds").contains("--only");
    }

    @Test
    void unknownPart_isAUsageError() {
        Run r = cage("bench", "cache", "--only", "reads,bogus");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown part 'bogus'");
    }

    @Test
    void sizeThatIsNotWholePages_isAUsageError() {
        Run r = cage("bench", "cache", "--size", "1000k");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("multiple of 64 KiB");
    }
}
