package dev.cage.cli;

import dev.cage.client.Cage;
import dev.cage.client.CageJournal;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cage journal stats URI}: how large the journal is and what span of time it covers. */
@Command(name = "stats", description = "Shows the journal's entry counts, size and time span.")
final class JournalStatsCommand implements Callable<Integer> {
    @Parameters(paramLabel = "URI", converter = CageUri.Converter.class, description = "cage://host:port/")
    CageUri uri;

    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CageJournal.Summary s;
        try (Cage cage = client.connect(uri)) {
            s = cage.journal(uri.server()).stats();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("entries:          " + s.entries() + " (" + s.namespaceEntries() + " namespace, " + s.fileEntries() + " file)");
        out.println("bytes kept:       " + s.blobBytes());
        out.println("oldest:           " + (s.oldest() == null ? "-" : s.oldest()));
        out.println("newest:           " + (s.newest() == null ? "-" : s.newest()));
        out.println("last checkpoint:  #" + s.lastCheckpointSeq());
        out.flush();
        return 0;
    }
}
