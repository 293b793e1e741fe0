package dev.cage.cli;

import dev.cage.client.Cage;
import dev.cage.protocol.ChannelInfo;
import dev.cage.protocol.SessionInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cage admin sessions URI}: one line per live session, then one indented line per channel it has open
 * (handle, mode, size, version, path). Paths come last so names with spaces stay readable.
 */
@Command(name = "sessions", description = "Lists a node's live sessions and the channels each has open.")
final class AdminSessionsCommand implements Callable<Integer> {
    @Parameters(paramLabel = "URI", converter = CageUri.Converter.class, description = "cage://host:port/")
    CageUri uri;

    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<SessionInfo> sessions;
        try (Cage cage = client.connect(uri)) {
            sessions = cage.admin(uri.server()).sessions();
        }
        PrintWriter out = spec.commandLine().getOut();
        print(sessions, out);
        out.flush();
        return 0;
    }

    static void print(List<SessionInfo> sessions, PrintWriter out) {
        int user = Math.max(4, sessions.stream().mapToInt(s -> s.user().length()).max().orElse(0));
        int remote = Math.max(6, sessions.stream().mapToInt(s -> s.remoteAddress().length()).max().orElse(0));
        String row = "%-8s %-" + user + "s  %-5s  %-" + remote + "s  %-20s  %-9s  %s%n";
        out.printf(Locale.ROOT, row, "SESSION", "USER", "ADMIN", "REMOTE", "LOGGED IN (UTC)", "IDLE", "CHANNELS");
        for (SessionInfo s : sessions) {
            out.printf(Locale.ROOT, row, s.id(), s.user(), s.admin() ? "yes" : "no",
                s.remoteAddress().isEmpty() ? "-" : s.remoteAddress(), s.loggedIn().truncatedTo(ChronoUnit.SECONDS),
                s.attached() ? AdminCommand.human(s.idle()) : "attaching", s.openChannels());
            for (ChannelInfo c : s.channels()) {
                out.printf(Locale.ROOT, "    handle %-6d %-12s %12s bytes  version %-20d /%s%n", c.handle(), c.mode(),
                    c.size() < 0 ? "?" : Long.toString(c.size()), c.version(), c.path());
            }
            if (s.channels().size() < s.openChannels()) {
                out.printf(Locale.ROOT, "    ... and %d more channels%n", s.openChannels() - s.channels().size());
            }
        }
        out.printf(Locale.ROOT, "%d session%s%n", sessions.size(), sessions.size() == 1 ? "" : "s");
    }
}
