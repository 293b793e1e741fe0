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

/** {@code cage branch URI --at T --to PATH}: a writable copy of a file or subtree as it was at an instant. */
@Command(name = "branch", description = {"Makes a writable copy of a file or directory as it was at an instant, from",
    "the journal (the original is not changed). On a replicated group, every member gets it."})
final class BranchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "URI", converter = CageUri.Converter.class, description = "cage://host:port/path to copy")
    CageUri uri;

    @Option(names = "--at", required = true, paramLabel = "T", converter = InstantConverter.class,
        description = "The instant to copy as of (ISO-8601, -10m, ...).")
    Instant at;

    @Option(names = "--to", required = true, paramLabel = "PATH", description = "Where the copy goes (must not exist).")
    String to;

    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        long started = System.nanoTime();
        String target = to.startsWith("/") ? to.substring(1) : to;
        int changes;
        try (Cage cage = client.connect(uri)) {
            try (JournalEntriesProgress progress = new JournalEntriesProgress()) {
                changes = cage.journal(uri.server()).branch(uri.path(), at, target, progress);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("branched /%s as of %s to /%s: %d changes in %d ms%n", uri.path(), at, target, changes,
            (System.nanoTime() - started) / 1_000_000);
        out.flush();
        return 0;
    }
}
