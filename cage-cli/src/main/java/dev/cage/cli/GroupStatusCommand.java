package dev.cage.cli;

import dev.cage.client.Cage;
import dev.cage.protocol.GroupInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cage group status URI}: the group's members, leader, term, and how far behind each member is. */
@Command(name = "status", description = "Shows a replicated group's members, leader, term and each member's lag.")
final class GroupStatusCommand implements Callable<Integer> {
    @Parameters(paramLabel = "URI", converter = CageUri.Converter.class, description = "cage://host:port/ of a member")
    CageUri uri;

    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        GroupInfo g;
        try (Cage cage = client.connect(uri)) {
            g = cage.admin(uri.server()).group();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (g.name().isEmpty()) {
            throw new UsageException("the node at " + uri.host() + ":" + uri.port() + " is not a member of a replicated group");
        }
        print(g, out);
        out.flush();
        return 0;
    }

    static void print(GroupInfo g, PrintWriter out) {
        out.printf(Locale.ROOT, "group %s as %s sees it: leader %s, term %d, applied up to %d%n", g.name(), g.self(),
            g.leader().isEmpty() ? "(election under way)" : g.leader(), g.term(), g.lastApplied());
        String row = "%-10s %-22s %-22s %-8s %7s %7s%n";
        out.printf(Locale.ROOT, row, "MEMBER", "ADDRESS", "RAFT", "ROLE", "COMMIT", "LAG");
        long top = g.commitIndex();
        for (GroupInfo.Member m : g.members()) {
            boolean known = m.commitIndex() >= 0;
            out.printf(Locale.ROOT, row, m.id(), m.address(), m.raftAddress(),
                m.role().toLowerCase(Locale.ROOT), known ? String.valueOf(m.commitIndex()) : "?",
                known ? String.valueOf(top - m.commitIndex()) : "?");
        }
    }
}
