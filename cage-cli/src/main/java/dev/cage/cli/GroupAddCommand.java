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

/** {@code cage group add URI ID=HOST:PORT:RAFTPORT [--spare]}: adds a running node (started with --join) to a group. */
@Command(name = "add", description = {"Adds a node started with --join to a replicated group, as a voter or a spare;",
    "it catches up from the others' log. Waits until the group has taken it."})
final class GroupAddCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "URI", converter = CageUri.Converter.class,
        description = "cage://host:port/ of the leader (with --group-members, of any member)")
    CageUri uri;

    @Parameters(index = "1", paramLabel = "ID=HOST:PORT:RAFTPORT[:witness]", description = {
        "The new member, as in its own --members (a witness with :witness, added as a voter)."})
    String member;

    @Option(names = "--spare", description = "Add it as a spare: it receives and applies the log but does not vote.")
    boolean spare;

    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        int eq = member.indexOf('=');
        if (eq <= 0) {
            throw new UsageException("member '" + member + "' is not ID=HOST:PORT:RAFTPORT");
        }
        String id = member.substring(0, eq);
        try (Cage cage = client.connect(uri)) {
            cage.admin(uri.server()).addMember(id, member.substring(eq + 1), spare);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("member " + id + " is in the group now, as a " + (spare ? "spare" : "voter"));
        out.flush();
        return 0;
    }
}
