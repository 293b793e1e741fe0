package dev.cage.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs {@code cage} in-process, as {@code main} does, capturing what it prints. */
final class Cli {
    /** What one run did. */
    record Run(int exitCode, String out, String err) {
        /** The lines on standard error. */
        java.util.List<String> errLines() {
            return err.lines().toList();
        }
    }

    private Cli() {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new CageCommand());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
