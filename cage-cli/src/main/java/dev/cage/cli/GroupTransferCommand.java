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

/** {@code cage group transfer URI --to ID}: hands a group's lead to another member. */
@Command(name = "transfer", description = "Hands a replicated group's lead to another member, waiting until it leads.")
final class GroupTransferCommand implements Callable<Integer> {
    @Parameters(paramLabel = "URI", converter = CageUri.Converter.class,
        description = "cage://host:port/ of the leader (with --group-members, of any member)")
    CageUri uri;

    @Option(names = "--to", required = true, paramLabel = "ID", description = "The member to lead from now on.")
    String to;

    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        try (Cage cage = client.connect(uri)) {
            cage.admin(uri.server()).transferLead(to);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("member " + to + " leads the group now");
        out.flush();
        return 0;
    }
}
