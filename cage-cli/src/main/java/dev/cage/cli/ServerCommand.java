package dev.cage.cli;

import dev.cage.server.CageNode;
import dev.cage.server.NodeConfig;
import dev.cage.server.group.GroupConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cage server}: runs a node in the foreground until the process is stopped. Settings come from the
 * options, then from the {@code --config} file (see {@link ConfigFileDefaults}), then from the defaults shown in
 * the help. {@link #nodeConfig} does the resolving, apart from starting, so it can be tested.
 */
@Command(name = "server", defaultValueProvider = ConfigFileDefaults.class, description = {
    "Runs a node serving a directory until it is stopped (Ctrl-C or SIGTERM); requests in flight then finish.",
    "With no users yet, it creates 'admin' and writes its secret to DATA-DIR/admin.secret."})
final class ServerCommand implements Callable<Integer> {
    @Option(names = "--root", paramLabel = "DIR",
        description = "The directory to serve, created if missing. Required, here or in the config file.")
    Path root;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "7070",
        description = "The main (login) port; data ports follow it (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-ports", paramLabel = "N", defaultValue = "4",
        description = "How many data ports, PORT+1..PORT+N (default: ${DEFAULT-VALUE}).")
    int dataPorts;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
        description = "The interface to listen on; 0.0.0.0 for all (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--data-dir", paramLabel = "DIR",
        description = "Where users and the admin secret live (default: ~/.cage/node-PORT).")
    Path dataDir;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", defaultValue = "10m", converter = DurationConverter.class,
        description = "End sessions idle this long, like 30s or 10m (default: ${DEFAULT-VALUE}).")
    Duration idleTimeout;

    @Option(names = "--checkpoint-interval", paramLabel = "DURATION", defaultValue = "10s",
        converter = DurationConverter.class, description = {
        "How often changed files are forced to disk and the journal marks how far crash recovery",
        "must look back, like 500ms or 1m (default: ${DEFAULT-VALUE})."})
    Duration checkpointInterval;

    @picocli.CommandLine.Mixin
    LimitOptions limitOptions = new LimitOptions();

    @Option(names = "--max-frame-size", paramLabel = "BYTES",
        description = "The largest frame accepted (default: 1 MiB + 64 bytes).")
    Integer maxFrameSize;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "Serve TLS with this certificate chain (needs --tls-key).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "The PKCS#8 private key for --tls-cert.")
    Path tlsKey;

    @Option(names = "--journal-url", paramLabel = "JDBC-URL", description = {
        "The journal database, e.g. jdbc:postgresql://db:5432/cage (default: embedded H2 in the data directory)."})
    String journalUrl;

    @Option(names = "--journal-user", paramLabel = "USER", defaultValue = "cage", description = "User of --journal-url.")
    String journalUser;

    @Option(names = "--journal-password-file", paramLabel = "FILE",
        description = "A file whose first line is the password for --journal-url.")
    Path journalPasswordFile;

    @Option(names = "--no-journal", description = "Run without a journal: no rollback, no replay, no crash repair.")
    boolean noJournal;

    @Option(names = "--journal-reads", defaultValue = "true", negatable = true, fallbackValue = "true",
        description = "Journal reads too, as metadata (default: on; --no-journal-reads turns it off).")
    boolean journalReads;

    @Option(names = "--journal-retention", paramLabel = "DURATION", defaultValue = "30d", converter = DurationConverter.class,
        description = "Journal entries older than this are pruned after a checkpoint (default: ${DEFAULT-VALUE}).")
    java.time.Duration journalRetention;

    @Option(names = "--group", paramLabel = "NAME", description = {
        "Serve as a member of the replicated group NAME (with --member and --members): the group's leader takes",
        "every change, acknowledged once most members have it durable; the other members refuse data requests."})
    String group;

    @Option(names = "--member", paramLabel = "ID", description = "This node's id among --members.")
    String member;

    @Option(names = "--members", paramLabel = "ID=HOST:PORT:RAFTPORT[:witness],...", description = {
        "Every founding member of --group, this one included: its id, host, main port and Raft (member-to-member)",
        "port; with --join, this member's entry alone. The node serves on its own entry's port (--port is not used).",
        "A member marked :witness votes and keeps the group's log but no files, and serves no client."})
    String members;

    @Option(names = "--join", description = {
        "Start outside the group's configuration and join it when the leader adds this member",
        "(cage group add ... ID=HOST:PORT:RAFTPORT[:witness] [--spare]); restart a joined member with the same",
        "command. A witness joins as a voter, never as a spare."})
    boolean join;

    @Option(names = "--promote-spares-after", paramLabel = "DURATION", defaultValue = "10s",
        converter = DurationConverter.class, description = {
        "While this member leads, a voter silent this long is replaced by a spare the leader is in touch with",
        "(default: ${DEFAULT-VALUE}; 0s: spares are promoted only by command)."})
    java.time.Duration promoteSparesAfter;

    @Option(names = ConfigFileDefaults.OPTION, paramLabel = "FILE", description = {
        "A Java properties file of defaults for these options, keyed by long name without dashes",
        "(root=/srv/files, data-ports=8). Options given here win; relative paths in it are relative to it."})
    Path config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        NodeConfig nodeConfig = nodeConfig();
        ServerLogging.configure(CageCommand.isVerbose(spec.root().commandLine().getParseResult()));
        CageNode node = CageNode.start(nodeConfig);
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "cage-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.println(describe(node));
        out.flush();
        new CountDownLatch(1).await(); // the node's threads serve; this one waits for the JVM to exit
        return 0;
    }

    /**
     * The node's settings from the parsed options (config file values already filled in by picocli).
     *
     * @throws UsageException if there is no root or the settings do not fit together
     */
    NodeConfig nodeConfig() {
        if (root == null) {
            throw new UsageException("no directory to serve: give --root DIR, or root=DIR in the --config file");
        }
        NodeConfig.Builder b = NodeConfig.builder(root.toAbsolutePath().normalize())
            .bindAddress(bind).port(port).dataPorts(dataPorts).idleTimeout(idleTimeout)
            .checkpointInterval(checkpointInterval);
        if (dataDir != null) {
            b.dataDir(dataDir.toAbsolutePath().normalize());
        }
        if (maxFrameSize != null) {
            b.maxFrameSize(maxFrameSize);
        }
        try {
            b.limits(limitOptions.limits());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (tlsCert != null || tlsKey != null) {
            b.tls(tlsCert, tlsKey);
        }
        b.journalReads(journalReads).journalRetention(journalRetention);
        if (noJournal) {
            b.journal(null);
        } else if (journalUrl != null) {
            b.journal(dev.cage.server.journal.JournalConfig.of(journalUrl, journalUser, journalPassword()));
        }
        if (group != null || member != null || members != null || join) {
            GroupConfig g = groupConfig();
            b.group(g).port(g.me().port());
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new UsageException("--idle-timeout must be positive");
        }
        if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
            throw new UsageException("--checkpoint-interval must be positive");
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private GroupConfig groupConfig() {
        if (group == null || member == null || members == null) {
            throw new UsageException("a group member needs all of --group, --member and --members"
                + (join ? " (with --join, --members holds this member's entry)" : ""));
        }
        try {
            return new GroupConfig(group, member, GroupConfig.parseMembers(members)).joining(join)
                .withPromoteSparesAfter(promoteSparesAfter);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private String journalPassword() {
        if (journalPasswordFile == null) {
            return "";
        }
        try {
            List<String> lines = java.nio.file.Files.readAllLines(journalPasswordFile);
            return lines.isEmpty() ? "" : lines.get(0);
        } catch (IOException e) {
            throw new UsageException("cannot read --journal-password-file " + journalPasswordFile + ": " + e.getMessage());
        }
    }

    /** The line that says where the node serves and, on a first start, where the admin secret is. */
    static String describe(CageNode node) {
        NodeConfig c = node.config();
        int[] data = node.dataPorts();
        boolean contiguous = data[data.length - 1] - data[0] == data.length - 1;
        String ports = contiguous ? data[0] + "-" + data[data.length - 1]
            : Arrays.stream(data).mapToObj(String::valueOf).collect(Collectors.joining(","));
        String line = "serving " + c.root() + " on " + c.bindAddress() + ":" + node.port() + " (data ports " + ports
            + (c.tls() ? ", TLS" : "") + ")";
        GroupConfig g = c.group();
        if (g != null) {
            line += "; " + (g.me().witness() ? "witness " : "member ") + g.self() + " of group '" + g.name()
                + "' (Raft port " + g.me().raftPort() + ", "
                + (g.joining() ? "joining once the leader adds it)" : g.members().size() + " founding members)");
        }
        Path secret = node.adminSecretFile();
        return secret == null ? line : line + "; created user 'admin', its secret is in " + secret;
    }
}
