package dev.cage.cli;

import dev.cage.client.Cage;
import dev.cage.protocol.NodeInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cage admin node URI}: the node's version, root, ports, uptime, journal, what is open, and its counters. */
@Command(name = "node", description = "Shows a node's version, root, ports, uptime, journal and counters.")
final class AdminNodeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "URI", converter = CageUri.Converter.class, description = "cage://host:port/")
    CageUri uri;

    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        NodeInfo n;
        try (Cage cage = client.connect(uri)) {
            n = cage.admin(uri.server()).node();
        }
        PrintWriter out = spec.commandLine().getOut();
        print(n, out);
        out.flush();
        return 0;
    }

    static void print(NodeInfo n, PrintWriter out) {
        String row = "%-16s %s%n";
        out.printf(Locale.ROOT, row, "version:", n.version() + " (protocol " + n.protocolVersion() + ")");
        out.printf(Locale.ROOT, row, "root:", n.root());
        out.printf(Locale.ROOT, row, "listening:", n.bindAddress() + ":" + n.port() + ", data ports "
            + n.dataPorts().stream().map(String::valueOf).collect(Collectors.joining(", ")) + (n.tls() ? ", TLS" : ""));
        out.printf(Locale.ROOT, row, "started:", n.started().truncatedTo(ChronoUnit.SECONDS) + " (up "
            + AdminCommand.human(n.uptime()) + ")");
        out.printf(Locale.ROOT, row, "idle timeout:", AdminCommand.human(n.idleTimeout()));
        out.printf(Locale.ROOT, row, "journal:", n.journal() ? "on (" + n.journalDialect() + ")" : "off");
        out.printf(Locale.ROOT, row, "sessions:", n.sessions());
        out.printf(Locale.ROOT, row, "open:", n.openFiles() + " files on " + n.openChannels() + " channels");
        out.printf(Locale.ROOT, row, "requests:", n.requestsServed());
        out.printf(Locale.ROOT, row, "reads served:", n.readsServed() + " (" + n.bytesRead() + " bytes)");
        out.printf(Locale.ROOT, row, "writes served:", n.writesServed() + " (" + n.bytesWritten() + " bytes)");
    }
}
