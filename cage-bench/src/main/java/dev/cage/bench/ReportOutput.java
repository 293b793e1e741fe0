package dev.cage.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a benchmark's Markdown report goes: standard output, and a file when one was asked for. */
public final class ReportOutput {
    private ReportOutput() {
    }

    /** Prints {@code markdown} to {@code out} and, unless {@code file} is {@code null}, writes it there too. */
    public static void emit(PrintStream out, Path file, String markdown) throws IOException {
        out.println(markdown);
        if (file != null) {
            Files.writeString(file, markdown, StandardCharsets.UTF_8);
        }
    }
}
