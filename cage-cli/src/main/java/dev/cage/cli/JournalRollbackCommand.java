package dev.cage.cli;

import dev.cage.client.Cage;
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

/** {@code cage journal rollback URI --to T}: a file or subtree as it was at an instant. */
@Command(name = "rollback", description = {"Rolls a file (or with --subtree a directory and all under it) back to",
    "an instant: bytes, sizes, names, existence. Journaled itself, so it can be rolled back too."})
final class JournalRollbackCommand implements Callable<Integer> {
    @Parameters(paramLabel = "URI", converter = CageUri.Converter.class, description = "cage://host:port/path")
    CageUri uri;

    @Option(names = "--to", required = true, paramLabel = "T", converter = InstantConverter.class,
        description = "The instant to go back to (ISO-8601, -10m, ...).")
    Instant to;

    @Option(names = "--subtree", description = "The path is a directory: roll back everything under it.")
    boolean subtree;

    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        long started = System.nanoTime();
        int steps;
        try (Cage cage = client.connect(uri)) {
            try (JournalEntriesProgress progress = new JournalEntriesProgress()) {
                steps = cage.journal(uri.server()).rollback(uri.path(), subtree, to, progress);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("rolled back /%s%s to %s: %d undo steps in %d ms%n", uri.path(), subtree ? " (subtree)" : "", to,
            steps, (System.nanoTime() - started) / 1_000_000);
        out.flush();
        return 0;
    }
}
