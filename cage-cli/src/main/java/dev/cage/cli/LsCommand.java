package dev.cage.cli;

import dev.cage.client.Cage;
import dev.cage.protocol.FileInfo;
import dev.cage.protocol.Status;
import dev.cage.protocol.WrongFileTypeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cage ls URI}: one line per entry, {@code TYPE SIZE MODIFIED NAME}, directories with a trailing {@code /}.
 * The name comes last so names with spaces stay readable and easy to cut.
 */
@Command(name = "ls", description = {
    "Lists a directory on a node: type, size in bytes, modification time (UTC) and name per line.",
    "Given a file, lists that file."})
final class LsCommand implements Callable<Integer> {
    @Parameters(paramLabel = "URI", converter = CageUri.Converter.class,
        description = "The directory: cage://host:port/path (cage://host:port/ for the root).")
    CageUri dir;

    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<FileInfo> entries;
        try (Cage cage = client.connect(dir)) {
            try {
                entries = cage.list(dir.server(), dir.path());
            } catch (WrongFileTypeException e) {
                if (e.status() != Status.NOT_A_DIRECTORY) {
                    throw e;
                }
                entries = List.of(cage.stat(dir.server(), dir.path())); // as ls does for a file
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        for (FileInfo f : entries) {
            out.println(line(f));
        }
        out.flush();
        return 0;
    }

    static String line(FileInfo f) {
        String type = switch (f.type()) {
            case FILE -> "file";
            case DIRECTORY -> "dir";
            case OTHER -> "other";
        };
        String modified = DateTimeFormatter.ISO_INSTANT.format(f.modified().truncatedTo(ChronoUnit.SECONDS));
        return String.format(Locale.ROOT, "%-5s %12d  %s  %s%s", type, f.size(), modified, f.name(),
            f.isDirectory() ? "/" : "");
    }
}
