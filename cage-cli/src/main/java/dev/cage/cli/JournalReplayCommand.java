package dev.cage.cli;

import dev.cage.client.Cage;
import dev.cage.client.JournalReplay;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cage journal replay URI --onto DIR --from T --until T}: brings a backup forward. */
@Command(name = "replay", description = {"Applies the journaled changes after --from up to --until onto DIR,",
    "a local copy of the node's tree taken at --from, leaving it as the tree was at --until."})
final class JournalReplayCommand implements Callable<Integer> {
    @Parameters(paramLabel = "URI", converter = CageUri.Converter.class,
        description = "cage://host:port/ (or a directory of it, to replay only that part)")
    CageUri uri;

    @Option(names = "--onto", required = true, paramLabel = "DIR", description = "The copy to bring forward.")
    Path onto;

    @Option(names = "--from", required = true, paramLabel = "T", converter = InstantConverter.class,
        description = "When the copy was taken.")
    Instant from;

    @Option(names = "--until", paramLabel = "T", converter = InstantConverter.class, defaultValue = "now",
        description = "The instant to bring it to (default: now).")
    Instant until;

    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(onto)) {
            throw new UsageException("--onto " + onto + " is not a directory");
        }
        JournalReplay.Result r;
        try (Cage cage = client.connect(uri)) {
            Progress progress = Progress.countingOnStandardError(-1, "journal entries");
            r = JournalReplay.replay(cage.journal(uri.server()), uri.path(), from, until, onto,
                (task, done, total) -> progress.update(done));
            progress.close();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("replayed %d changes (%d bytes written) onto %s, now as of %s%n", r.entriesApplied(), r.bytesWritten(),
            onto, until);
        out.flush();
        return 0;
    }
}
