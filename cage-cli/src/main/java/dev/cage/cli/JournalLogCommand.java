package dev.cage.cli;

import dev.cage.client.Cage;
import dev.cage.protocol.JournalEntryInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cage journal log URI}: a file's (or a directory's) history: who, when, what, which range. */
@Command(name = "log", description = "Shows the journaled history of a file or directory, oldest first.")
final class JournalLogCommand implements Callable<Integer> {
    @Parameters(paramLabel = "URI", converter = CageUri.Converter.class, description = "cage://host:port/path")
    CageUri uri;

    @Option(names = "--since", paramLabel = "T", converter = InstantConverter.class, description = "From this instant.")
    Instant since;

    @Option(names = "--until", paramLabel = "T", converter = InstantConverter.class, description = "Up to this instant.")
    Instant until;

    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        try (Cage cage = client.connect(uri)) {
            cage.journal(uri.server()).forEach(uri.path(), since, until, false, e -> out.println(line(e)));
        }
        out.flush();
        return 0;
    }

    static String line(JournalEntryInfo e) {
        StringBuilder b = new StringBuilder().append(e.time()).append("  #").append(e.seq())
            .append("  session ").append(e.sessionId());
        if (!e.user().isEmpty()) {
            b.append(" (").append(e.user()).append(')');
        }
        b.append("  ").append(e.op()).append("  /").append(e.path());
        if (!e.path2().isEmpty()) {
            b.append(e.op().equals("RENAME") ? " -> /" : "  ").append(e.path2());
        }
        if (e.op().equals("WRITE") || e.op().equals("READ")) {
            b.append("  bytes ").append(e.offset()).append('-').append(e.offset() + e.length());
        }
        if (e.isFileChange()) {
            b.append("  size ").append(e.oldSize()).append(" -> ").append(e.newSize());
        }
        if (!e.outcome().equals("OK")) {
            b.append("  ").append(e.outcome());
        }
        return b.toString();
    }
}
