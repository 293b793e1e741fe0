package dev.cage.cli;

import dev.cage.client.Cage;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cage admin end-session URI ID}: ends another session; its client's next call fails, saying why. */
@Command(name = "end-session", description = "Ends a live session (its open files are closed; its client is told why).")
final class AdminEndSessionCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "URI", converter = CageUri.Converter.class, description = "cage://host:port/")
    CageUri uri;

    @Parameters(index = "1", paramLabel = "ID", description = "the session id, as `cage admin sessions` lists it")
    long sessionId;

    @Option(names = "--reason", paramLabel = "TEXT", description = "told to the session's client")
    String reason = "";

    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        try (Cage cage = client.connect(uri)) {
            cage.admin(uri.server()).endSession(sessionId, reason);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("ended session " + sessionId);
        out.flush();
        return 0;
    }
}
