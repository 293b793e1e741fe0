package dev.cage.cli;

import dev.cage.client.Cage;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cage group promote URI ID}: makes a spare a voter. */
@Command(name = "promote", description = "Makes a spare of a replicated group a voter. Waits until the group has taken it.")
final class GroupPromoteCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "URI", converter = CageUri.Converter.class,
        description = "cage://host:port/ of the leader (with --group-members, of any member)")
    CageUri uri;

    @Parameters(index = "1", paramLabel = "ID", description = "The spare to promote.")
    String member;

    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        try (Cage cage = client.connect(uri)) {
            cage.admin(uri.server()).promote(member);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("member " + member + " votes now");
        out.flush();
        return 0;
    }
}
