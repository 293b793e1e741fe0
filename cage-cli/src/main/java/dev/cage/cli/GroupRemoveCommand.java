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

/** {@code cage group remove URI ID}: takes a member out of a group. */
@Command(name = "remove", description = {"Takes a member (a voter, the leader included, or a spare) out of a replicated",
    "group. Waits until the group has taken the change; the member gets no more changes and may be stopped."})
final class GroupRemoveCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "URI", converter = CageUri.Converter.class,
        description = "cage://host:port/ of the leader (with --group-members, of any member)")
    CageUri uri;

    @Parameters(index = "1", paramLabel = "ID", description = "The member to remove.")
    String member;

    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        try (Cage cage = client.connect(uri)) {
            cage.admin(uri.server()).removeMember(member);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("member " + member + " is out of the group");
        out.flush();
        return 0;
    }
}
