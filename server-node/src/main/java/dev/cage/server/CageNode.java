package dev.cage.server;

import dev.cage.server.group.RaftMember;

import dev.cage.protocol.Buffers;
import dev.cage.protocol.FrameDecoder;
import dev.cage.protocol.FrameEncoder;
import dev.cage.protocol.NodeInfo;
import dev.cage.protocol.NodeStats;
import dev.cage.protocol.Protocol;
import dev.cage.protocol.Status;
import dev.cage.protocol.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A running server node: the main (authentication) port, the data ports, and the workers behind them.
 * {@link #start} binds every port or fails having bound none; {@link #close} lets requests in flight
 * finish, then ends every session and releases its files.
 */
public final class CageNode implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CageNode.class.getName());
    /**
     * Frames before authentication are small: a user name, nonces and a proof on the main port, a token on a
     * data port. A data connection gets the full frame size only once it has attached to a session.
     */
    static final int LOGIN_MAX_FRAME = 8192;
    /** How long a change may wait for the group to commit it before the client hears it may not have been. */
    private static final long REPLICATION_TIMEOUT_MILLIS = 10_000;
    /** How long a transfer of the lead or a change of members may take before the admin hears it did not end in time. */
    private static final long GROUP_CHANGE_TIMEOUT_MILLIS = 10_000;

    private final NodeConfig config;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private final EventLoopGroup boss = Transport.current().eventLoops(1, new DefaultThreadFactory("cage-accept", true));
    private final EventLoopGroup io = Transport.current().eventLoops(0, new DefaultThreadFactory("cage-io", true));
    private final ExecutorService workers;
    /** Checkpoints force files to disk: that must not run on an event loop. */
    private final java.util.concurrent.ScheduledExecutorService workersTimer =
        Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("cage-checkpoint", true));
    private final List<Channel> listeners = new ArrayList<>();
    private final ConnectionLimiter connectionLimiter;
    private Channel main;
    private final Sessions sessions;
    private final DataPlane plane;
    private final FileTable table;
    /** A group member's group-wide file ids and versions (idle on a standalone node). */
    private final GroupVersions versions;
    private final Path adminSecretFile;
    private final Journaling journal;
    /** The served tree, held open (its root directory) until the node closes. */
    private final RootedStorage tree;
    private final Recovery.Report recovery;
    private final NodeCounters counters = new NodeCounters();
    private final RequestStats requestStats = new RequestStats();
    private final long startedMillis;
    private ScheduledFuture<?> reaper;
    private final FileService files;
    private final ChangeApplier changes;
    private final TreeCopy treeCopy;
    private RaftMember member;
    private java.util.concurrent.ScheduledFuture<?> checkpoints;

    private CageNode(NodeConfig config, RootedStorage tree, Path adminSecretFile, Journaling journal, Recovery.Report recovery,
                     UserStore users) {
        this.config = config;
        this.tree = tree;
        this.adminSecretFile = adminSecretFile;
        this.journal = journal;
        this.recovery = recovery;
        this.workers = Executors.newFixedThreadPool(config.workerThreads(), new DefaultThreadFactory("cage-worker", true));
        this.versions = new GroupVersions(tree);
        this.table = new FileTable(workers, tree, journal.trashStorage(), versions);
        this.sessions = new Sessions(config.clock(), config.idleTimeout(), config.tokenTtl(), table);
        Invalidator invalidator = new Invalidator(table, sessions, boss, config.invalidationAckTimeout());
        this.startedMillis = config.clock().millis();
        this.connectionLimiter = new ConnectionLimiter(config.limits().connectionsPerAddress(), config.limits().connections());
        RootJail jail = tree.jail();
        TxLocks locks = new TxLocks();
        if (journal.enabled()) {
            TransactionService.restore(journal.store(), locks); // before any client: in-doubt files are locked again
        }
        TxApplier txApplier = new TxApplier(table, tree, journal, counters, versions);
        TransactionService transactions = new TransactionService(locks, txApplier, journal,
            config.txStagingLimit(), config.maxFrameSize(), config.limits());
        this.files = new FileService(tree, jail, table, config.maxFrameSize(), journal, locks, counters, config.limits());
        this.changes = new ChangeApplier(files, table, txApplier, journal, transactions, versions);
        this.treeCopy = new TreeCopy(tree, journal, changes, locks, versions, table);
        this.plane = new DataPlane(files,
            sessions, invalidator, workers, journal, transactions, new AdminService(sessions, users, this::info,
            this::stats, this::group, new GroupControl(), config.maxFrameSize()),
            counters, new PendingBudget(config.limits().pendingBytesOrDerived()),
            config.limits().pendingBytesPerConnection());
    }

    /** Starts a node; with no users configured it first creates {@code admin} and says where its secret is. */
    public static CageNode start(NodeConfig config) throws IOException {
        DataDirectory.prepare(config.dataDir());
        RootedStorage tree = RootedStorage.open(config.root());
        UserStore users = UserStore.open(config.dataDir());
        Path secretFile = users.bootstrapAdmin();
        if (secretFile != null) {
            LOG.log(System.Logger.Level.INFO, "created user 'admin'; its secret is in {0}", secretFile);
        }
        Journaling journal;
        try {
            journal = openJournal(config, tree);
        } catch (IOException | RuntimeException e) {
            tree.close();
            throw e;
        }
        Recovery.Report recovery = null;
        try {
            if (journal.enabled()) {
                // Before any client can connect: the tree must match the journal first.
                recovery = Recovery.run(journal.store(), tree, journal.trashStorage());
                journal.checkpoint();
            }
        } catch (IOException | RuntimeException e) {
            journal.close();
            tree.close();
            throw e;
        }
        CageNode node = new CageNode(config, tree, secretFile, journal, recovery, users);
        try {
            if (config.group() != null) {
                node.joinGroup(config.group());
            }
            node.bind(users);
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    private static Journaling openJournal(NodeConfig config, Storage tree) throws IOException {
        Storage trash = trash(config);
        if (config.journal() == null) {
            return new Journaling(null, false, config.clock(), tree, trash, config.journalRetention());
        }
        try {
            return new Journaling(dev.cage.server.journal.JournalStore.open(config.journal()), config.journalReads(),
                config.clock(), tree, trash, config.journalRetention());
        } catch (dev.cage.server.journal.JournalUnavailableException e) {
            trash.close();
            throw new IOException("cannot open the journal at " + config.journal().url() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            trash.close();
            throw e;
        }
    }

    /** Where removed files are kept, created if missing. */
    private static Storage trash(NodeConfig config) throws IOException {
        return RootedStorage.open(config.dataDir().resolve("trash"));
    }

    /** What recovery repaired at this start; {@code null} when the node runs without a journal. */
    public Recovery.Report recovery() {
        return recovery;
    }

    /** The node's journal, or {@code null} if it runs without one. */
    public dev.cage.server.journal.JournalStore journalStore() {
        return journal.store();
    }

    /** Forces changed files to disk and marks the journal, now rather than at the next interval. */
    public void checkpoint() {
        journal.checkpoint();
    }

    /**
     * Starts this node's Raft member: from now on its tree changes only by the group's log, and it serves clients
     * only while it is the group's leader. A member that stops being the leader ends its sessions, so their clients
     * find the new one; follower-read sessions stay (they read at whichever member they are on).
     */
    private void joinGroup(dev.cage.server.group.GroupConfig group) throws IOException {
        versions.enable();
        RaftMember.Applier applier = changes;
        RaftMember.Copier copier = treeCopy;
        if (group.me().witness()) {
            Witness witness = new Witness(group.self()); // its tree stays empty; it serves no client (DataPlane)
            applier = witness;
            copier = witness;
        }
        member = RaftMember.start(group, config.dataDir().resolve("raft"), config.maxFrameSize(), applier, copier, leader -> {
            if (group.self().equals(leader) && group.me().witness()) {
                LOG.log(System.Logger.Level.INFO, "member {0}, a witness, leads for now: it hands the lead to a member"
                    + " with files as soon as one has caught up with its log", group.self());
            } else if (!group.self().equals(leader)) {
                int ended = sessions.endAll(s -> !s.followerReads(), Status.UNAVAILABLE, "member " + group.self()
                    + " is no longer the group's leader");
                if (ended > 0) {
                    LOG.log(System.Logger.Level.INFO, "member {0} is no longer the leader (now: {1}); ended its {2}"
                        + " session(s)", group.self(), leader, ended);
                }
            }
        });
        Replication replication = new Replication(member, REPLICATION_TIMEOUT_MILLIS, versions);
        files.replicateThrough(replication);
        plane.transactions.replicateThrough(replication);
        plane.group = member;
    }

    /** What the node's admin sees through {@code ADMIN_GROUP}: its group as this member knows it, or none. */
    dev.cage.protocol.GroupInfo group() {
        RaftMember m = member;
        return m == null ? dev.cage.protocol.GroupInfo.none() : m.info();
    }

    /** {@code ADMIN_GROUP_TRANSFER} and {@code ADMIN_GROUP_MEMBERS}, for a member; refused by a standalone node. */
    private final class GroupControl implements AdminService.GroupControl {
        @Override
        public void transferLead(String target) throws IOException {
            groupMember().transferLeadership(target, GROUP_CHANGE_TIMEOUT_MILLIS);
        }

        @Override
        public void changeMembers(dev.cage.protocol.message.GroupMembersRequest change) throws IOException {
            groupMember().changeMembers(change, GROUP_CHANGE_TIMEOUT_MILLIS);
        }

        private RaftMember groupMember() throws IOException {
            RaftMember m = member;
            if (m == null) {
                throw new dev.cage.protocol.InvalidArgumentException("this node is not a member of a replicated group");
            }
            return m;
        }
    }

    /** What this member's last copy of the leader's tree did, or {@code null} if it has made none since it started. */
    TreeCopy.Report lastTreeCopy() {
        return treeCopy.lastReport();
    }

    /** What a login reply tells the client of this node's group: nothing for a standalone node. */
    private AuthHandler.Group loginGroup() {
        RaftMember m = member;
        return m == null ? AuthHandler.Group.NONE : new AuthHandler.Group(m.config().name(), m.clientAddresses());
    }

    /** The group member this node is, or {@code null} for a standalone node. */
    public RaftMember member() {
        return member;
    }

    private void bind(UserStore users) throws IOException {
        SslContext ssl = config.tls()
            ? SslContextBuilder.forServer(config.tlsCert().toFile(), config.tlsKey().toFile()).build() : null;
        // Data ports first, so the main port hands out the ports actually bound (ephemeral ones when port is 0).
        for (int i = 1; i <= config.dataPorts(); i++) {
            int p = config.port() == 0 ? 0 : config.port() + i;
            int beforeAttach = Math.min(LOGIN_MAX_FRAME, config.maxFrameSize());
            listeners.add(listen(p, ssl, beforeAttach, false, () -> new DataHandler(config.maxFrameSize(), plane)));
        }
        int[] dataPorts = dataPorts();
        LoginThrottle throttle = new LoginThrottle(config.clock());
        byte[] nodeSecret = DataDirectory.decoySecret(config.dataDir());
        main = listen(config.port(), ssl, LOGIN_MAX_FRAME, true,
            () -> new AuthHandler(LOGIN_MAX_FRAME, users, sessions, throttle, dataPorts, nodeSecret, this::loginGroup,
                config.limits()));
        int mainPort = port();
        long every = config.reapInterval().toMillis();
        reaper = boss.next().scheduleAtFixedRate(sessions::reap, every, every, TimeUnit.MILLISECONDS);
        if (journal.enabled()) {
            long cp = config.checkpointInterval().toMillis();
            checkpoints = workersTimer.scheduleAtFixedRate(journal::checkpoint, cp, cp, TimeUnit.MILLISECONDS);
        }
        LOG.log(System.Logger.Level.INFO, "Cage node serving {0} on {1}:{2} (data ports {3}..{4}){5}",
            config.root(), config.bindAddress(), String.valueOf(mainPort), String.valueOf(dataPorts()[0]),
            String.valueOf(dataPorts()[dataPorts().length - 1]), config.tls() ? " with TLS" : "");
    }

    private Channel listen(int port, SslContext ssl, int maxFrame, boolean authPort, Supplier<ChannelHandler> handler)
        throws IOException {
        ServerBootstrap b = new ServerBootstrap()
            .group(boss, io)
            .channel(Transport.current().serverSocketChannel())
            .option(ChannelOption.SO_REUSEADDR, true)
            .option(ChannelOption.ALLOCATOR, Buffers.ALLOCATOR)
            .childOption(ChannelOption.TCP_NODELAY, true)
            // A connection stops taking replies once this much waits for its peer ({@link RequestGate}).
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new io.netty.channel.WriteBufferWaterMark(1 << 20, 4 << 20))
            .childOption(ChannelOption.ALLOCATOR, Buffers.ALLOCATOR)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(connectionLimiter);
                    if (ssl != null) {
                        ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                    }
                    // Requests (and replies) written from many threads reach the event loop one task each; consolidating
                    // their flushes sends a burst in one syscall instead of one per frame (cage bench: +20-35 % at queue depth 32).
                    ch.pipeline().addLast(new FlushConsolidationHandler(256, true));
                    ch.pipeline().addLast(new FrameDecoder(maxFrame), FrameEncoder.INSTANCE);
                    if (!authPort) {
                        ch.pipeline().addLast(new RequestTimer(requestStats));
                    }
                    ch.pipeline().addLast(handler.get());
                }
            });
        try {
            return b.bind(config.bindAddress(), port).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding port " + port, e);
        } catch (Exception e) {
            throw new IOException("cannot listen on " + config.bindAddress() + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** The main port actually bound. */
    public int port() {
        return ((java.net.InetSocketAddress) main.localAddress()).getPort();
    }

    /** The data ports actually bound. */
    public int[] dataPorts() {
        return listeners.stream().filter(c -> c != main).mapToInt(c -> ((java.net.InetSocketAddress) c.localAddress()).getPort()).toArray();
    }

    public NodeConfig config() {
        return config;
    }

    /** Where the generated admin secret was written on this start, or {@code null} if users existed. */
    public Path adminSecretFile() {
        return adminSecretFile;
    }

    /** Sessions currently known (attached or waiting for their data connection). */
    public int sessionCount() {
        return sessions.all().size();
    }

    /**
     * Bytes the node holds for its data connections now: requests taken in and not yet answered, and replies not yet
     * taken by their clients ({@link RequestGate}, each connection's write buffer).
     */
    public long heldBytes() {
        long queued = 0;
        for (Session s : sessions.all()) {
            Channel c = s.connection();
            io.netty.channel.ChannelOutboundBuffer out = c == null ? null : c.unsafe().outboundBuffer();
            queued += out == null ? 0 : out.totalPendingWriteBytes();
        }
        return plane.pending.inUse() + queued;
    }

    /** TCP connections open now, on all ports. */
    public int connectionCount() {
        return connectionLimiter.connections();
    }

    /** Channels currently open, over all sessions. */
    public int openChannelCount() {
        return table.openCount();
    }

    /** What the node's admin sees through {@code ADMIN_NODE}: its settings, what is open, and its counters. */
    public NodeInfo info() {
        long now = config.clock().millis();
        String dialect = config.journal() == null ? "" : config.journal().dialect();
        String version = CageNode.class.getPackage().getImplementationVersion();
        return new NodeInfo(version != null ? version : "development build", Protocol.VERSION,
            config.root().toAbsolutePath().toString(), config.bindAddress(), port(),
            Arrays.stream(dataPorts()).boxed().toList(), config.tls(), Instant.ofEpochMilli(startedMillis),
            Duration.ofMillis(Math.max(0, now - startedMillis)), config.idleTimeout(), journal.enabled(), dialect,
            sessionCount(), table.openFileCount(), table.openCount(), counters.requests(), counters.reads(),
            counters.bytesRead(), counters.writes(), counters.bytesWritten());
    }

    /** What {@code ADMIN_STATS} reports: data-port requests by kind, their latencies, the journal's records. */
    public NodeStats stats() {
        return requestStats.snapshot(journal.enabled() ? journal.store().logStats().records() : -1);
    }

    /**
     * Replies (reads, stats, checksums) that showed a change and so waited until every other client caching the
     * file had dropped the bytes it replaced: the price of linearizable reads, paid only on files others cache.
     */
    public long heldReplies() {
        return counters.heldReplies();
    }

    /** Runs the idle-session check now, instead of at its next tick. */
    public void reapIdleSessions() {
        sessions.reap();
    }

    /** Stops the node; closing it again does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        plane.close();
        if (reaper != null) {
            reaper.cancel(false);
        }
        if (main != null) {
            main.close().syncUninterruptibly();
        }
        for (Channel c : listeners) {
            c.close().syncUninterruptibly();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (plane.inFlight() > 0 && System.nanoTime() < deadline) {
            // Requests already accepted finish before their channels close; bounded so a stuck disk cannot hang shutdown.
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        sessions.endAll(Status.SHUTTING_DOWN, "the node is shutting down");
        workers.shutdown();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (checkpoints != null) {
            checkpoints.cancel(false);
        }
        workersTimer.shutdown();
        if (member != null) {
            try {
                member.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "closing the group member: " + e.getMessage());
            }
        }
        journal.close(); // a last checkpoint: a clean stop leaves nothing for recovery
        tree.close();
        io.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
