package dev.cage.server.group;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import dev.cage.protocol.GroupInfo;
import dev.cage.protocol.message.GroupMembersRequest;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/**
 * This node's membership in a replicated group: a Raft server (Apache Ratis, gRPC transport) whose log holds the
 * group's changes and whose state machine applies them to this member's tree. The node proposes a change here
 * only while it is the leader; {@link #submit} completes once a majority has the entry durable and this member has
 * applied it.
 */
public final class RaftMember implements AutoCloseable {
    /** Applies one change (as the leader encoded it) to this member's tree; returns the answer for the proposer. */
    public interface Applier {
        /**
         * Applies change {@code position} of the changes travelling in log entry {@code index}. Its first
         * {@code journaled} journal entries were written before this member restarted ({@link #journaled()}): they
         * are not written again, and what they record is not undone.
         */
        byte[] apply(byte[] change, long index, int position, int journaled) throws IOException;

        /**
         * The latest change of the log this member's journal holds entries of; {@code null} without a journal or
         * before the first. Asked at start: applying resumes right after that change's last journaled entry.
         */
        Journaled journaled();

        /**
         * Makes everything applied so far durable (files forced to disk), so the log before it may be dropped;
         * whether it could ({@code false}: keep the log).
         */
        boolean makeDurable();
    }

    /**
     * A change of the group's log as far as a member's journal recorded it: change {@code position} of log entry
     * {@code index}, of which {@code entries} journal entries are written.
     */
    public record Journaled(long index, int position, int entries) {
    }

    /**
     * Copies a tree from member to member, for a member that is behind the group's log (a new one, or one whose log
     * the others have purged): the leader answers questions about its tree, and the member behind asks them and makes
     * its own tree the same, change by change. The questions and answers are the copier's own encoding; any
     * question is non-empty (an empty one is the group's read barrier).
     */
    public interface Copier {
        /** At the leader: answers one question about this member's tree. */
        byte[] answer(byte[] query) throws IOException;

        /** At the member behind: makes this member's tree the same as the tree {@code leader} answers for. */
        void copyFrom(Source leader) throws IOException;
    }

    /** Asks the leader one question of a {@link Copier}'s. */
    @FunctionalInterface
    public interface Source {
        byte[] ask(byte[] query) throws IOException;
    }

    /** This member's view of the group. */
    public record Status(String self, String role, String leader, long term, long lastApplied, long commitIndex) {
    }

    private static final System.Logger LOG = System.getLogger(RaftMember.class.getName());
    private final GroupConfig config;
    /** Replaced when a member that runs as a voter must run as a spare ({@link #restartAsSpare}). */
    private volatile RaftServer server;
    private final RaftGroupId groupId;
    private final ClientId clientId = ClientId.randomId();
    private final AtomicLong callIds = new AtomicLong();
    private final int maxChange;
    private final ChangeBatcher batches;
    private final Path dir;
    private final Applier applier;
    private final Copier copier;
    private final Consumer<String> leaderChanged;
    private final java.util.concurrent.ExecutorService restarts = oneDaemonThread("cage-raft-restart");
    /** Where an entry's answer is handed out and the next entry proposed: off Ratis's threads ({@link ChangeBatcher}). */
    private final java.util.concurrent.ExecutorService answers = oneDaemonThread("cage-raft-answers");
    private volatile boolean closed;
    private SparePromotion promotions;

    private RaftMember(GroupConfig config, Path dir, RaftGroupId groupId, int maxChange, Applier applier, Copier copier,
                       Consumer<String> leaderChanged) {
        this.maxChange = maxChange;
        this.config = config;
        this.dir = dir;
        this.groupId = groupId;
        this.applier = applier;
        this.copier = copier;
        this.leaderChanged = leaderChanged;
        this.batches = new ChangeBatcher(this::propose, maxChangeBytes(), ChangeBatcher.ANSWER_WAIT_MILLIS,
            this::handOutAnswer);
    }

    /**
     * Starts this member (its Raft port listening, its log recovered from {@code dir}); the group elects a leader
     * once a majority of members runs.
     *
     * @param maxChange  the largest change encoding {@link #submit} will be given (Ratis's buffers are sized for it)
     * @param copier     copies the leader's tree to this member when it is behind the group's log
     * @param leaderChanged told the new leader's member id (or {@code null}) whenever this member learns of one
     */
    public static RaftMember start(GroupConfig config, Path dir, int maxChange, Applier applier, Copier copier,
                                   Consumer<String> leaderChanged) throws IOException {
        config.requireFilesIfFounding();
        Files.createDirectories(dir);
        RaftGroupId groupId = RaftGroupId.valueOf(UUID.nameUUIDFromBytes(("cage-group:" + config.name())
            .getBytes(StandardCharsets.UTF_8)));
        // A joining member does not know the group yet; it learns the group's configuration from the leader once
        // added. It starts as a listener of a configuration of its own: Ratis never turns a follower into a listener,
        // and a joiner started as a follower that the group then took as a spare would, at the first loss of the
        // leader, stand for election, find itself outside the voters, and shut itself down for good. A listener
        // becomes a follower when the group's configuration makes it a voter.
        List<RaftPeer> peers = config.joining()
            ? List.of(RaftPeer.newBuilder(peer(config.me())).setStartupRole(RaftPeerRole.LISTENER).build())
            : config.members().stream().map(RaftMember::peer).toList();
        boolean fresh;
        try (var entries = Files.list(dir)) {
            fresh = entries.noneMatch(e -> !e.getFileName().toString().equals("applied-index"));
        }
        RaftMember member = new RaftMember(config, dir, groupId, maxChange, applier, copier, leaderChanged);
        member.server = member.newServer(peers, fresh);
        member.server.start();
        member.promotions = SparePromotion.start(member, config.promoteSparesAfter());
        return member;
    }

    /** This member's Raft server, on a state machine of its own; Ratis takes the group's configuration from the log. */
    private RaftServer newServer(List<RaftPeer> peers, boolean fresh) throws IOException {
        ChangeStateMachine sm = new ChangeStateMachine(applier, copier, new AppliedIndex(dir.resolve("applied-index")),
            leaderChanged, this::configurationApplied);
        return RaftServer.newBuilder()
            .setServerId(RaftPeerId.valueOf(config.self()))
            .setGroup(RaftGroup.valueOf(groupId, peers))
            .setStateMachine(sm)
            .setProperties(properties(config.me(), dir, maxChange, config.snapshotEvery()))
            .setOption(fresh ? RaftStorage.StartupOption.FORMAT : RaftStorage.StartupOption.RECOVER)
            .build();
    }

    /**
     * A configuration entry was applied. If it makes this member a spare while it runs as a voter (a voter that was
     * replaced, came back and was added again as a spare), Ratis would leave it a follower, and at the next loss of a
     * leader it would stand for election, find itself outside the voters and stop for good. Ratis starts a member as a
     * listener when its configuration says so, so the member restarts its Raft server (not on Ratis's thread).
     */
    private void configurationApplied() {
        if (runsAsVoterThoughSpare()) {
            restarts.execute(this::restartAsSpare);
        }
        warnIfAddedAsWhatItDoesNotRun();
    }

    /**
     * A member runs as its own {@code --members} entry says (a witness or a member with files); the group knows it as
     * it was added. If the two differ (a witness added without {@code :witness}, or a node with files added with it),
     * the group would count on files this member does not keep, or never let it serve: say so, loudly.
     */
    private void warnIfAddedAsWhatItDoesNotRun() {
        RaftConfiguration c = conf();
        RaftPeer inGroup = c == null ? null
            : c.getPeer(RaftPeerId.valueOf(config.self()), RaftPeerRole.FOLLOWER, RaftPeerRole.LISTENER);
        if (inGroup != null && isWitness(inGroup) != config.me().witness()) {
            LOG.log(System.Logger.Level.ERROR, "member {0} runs as {1}, but the group added it as {2}: remove it from"
                + " the group and add it again as it runs", config.self(), what(config.me().witness()),
                what(isWitness(inGroup)));
        }
    }

    private static String what(boolean witness) {
        return witness ? "a witness (the log only, no files)" : "a member with files";
    }

    private boolean runsAsVoterThoughSpare() {
        RaftConfiguration c = conf();
        RaftPeerRole role = fromDivision(d -> d.getInfo().getCurrentRole(), null);
        RaftPeerId me = RaftPeerId.valueOf(config.self());
        return c != null && c.getPreviousPeers().isEmpty()
            && c.getPeer(me, RaftPeerRole.LISTENER) != null && c.getPeer(me, RaftPeerRole.FOLLOWER) == null
            && (role == RaftPeerRole.FOLLOWER || role == RaftPeerRole.CANDIDATE);
    }

    private synchronized void restartAsSpare() {
        if (closed || !runsAsVoterThoughSpare()) {
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "member {0} runs as a voter but the group has it as a spare: restarting"
            + " its Raft server as one", config.self());
        try {
            server.close();
            // Ratis takes the configuration from what this member stored; this one stands in only if it stored none.
            RaftServer next = newServer(List.of(RaftPeer.newBuilder(peer(config.me()))
                .setStartupRole(RaftPeerRole.LISTENER).build()), false);
            server = next;
            next.start();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "member " + config.self() + " could not restart as a spare: " + e, e);
        }
    }

    /** Ratis's election priority of a member with files: above a witness's, so the lead passes to one. */
    private static final int PRIORITY = 1;
    /**
     * A witness's priority: Ratis hands the lead on from a leader to a voter of higher priority as soon as that voter's
     * log has caught up. A witness can still win an election (when its log is the longest of those that run, which is
     * what it is there for), and then brings the others up to date and passes the lead on.
     */
    private static final int WITNESS_PRIORITY = 0;
    /**
     * Marks a witness's client address in the group's configuration: the priority alone cannot tell one, as a group
     * formed before witnesses existed has every priority 0.
     */
    private static final String WITNESS_MARK = GroupConfig.WITNESS + "@";

    /** A member as Ratis knows it: its Raft address, its client address for the Cage clients, and its priority. */
    static RaftPeer peer(GroupConfig.Member m) {
        return RaftPeer.newBuilder().setId(m.id()).setAddress(m.host() + ":" + m.raftPort())
            .setClientAddress((m.witness() ? WITNESS_MARK : "") + m.clientAddress())
            .setPriority(m.witness() ? WITNESS_PRIORITY : PRIORITY).build();
    }

    /** Whether a Ratis peer is a witness (see {@link GroupConfig.Member#witness()}). */
    static boolean isWitness(RaftPeer p) {
        return p.getClientAddress() != null && p.getClientAddress().startsWith(WITNESS_MARK);
    }

    /** The member a Ratis peer stands for (its client address given when it was added). */
    private static GroupConfig.Member member(RaftPeer p) {
        String raft = p.getAddress();
        String client = p.getClientAddress() == null ? raft : p.getClientAddress();
        int rc = raft.lastIndexOf(':');
        int cc = client.lastIndexOf(':');
        return new GroupConfig.Member(p.getId().toString(), raft.substring(0, rc),
            Integer.parseInt(client.substring(cc + 1)), Integer.parseInt(raft.substring(rc + 1)),
            isWitness(p));
    }

    private static RaftProperties properties(GroupConfig.Member me, Path dir, int maxChange, long snapshotEvery) {
        RaftProperties p = new RaftProperties();
        // gRPC, Ratis's main transport: its log sender takes a follower's position from the follower's match index and
        // reconnects after errors. Ratis's Netty transport left a member behind for good: a heartbeat moved a follower's
        // position past a deposed leader's uncommitted entries (RATIS-2605), and a call lost once could leave every
        // later one on that connection unanswered (RATIS-2329, RATIS-2415); see the README, "Replicated groups".
        RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
        GrpcConfigKeys.Server.setHost(p, me.host());
        GrpcConfigKeys.Server.setPort(p, me.raftPort());
        RaftServerConfigKeys.setStorageDir(p, List.of(dir.toFile()));
        // Election timeouts short enough for failover within a couple of seconds on one machine.
        RaftServerConfigKeys.Rpc.setTimeoutMin(p, TimeDuration.valueOf(600, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, TimeDuration.valueOf(1200, TimeUnit.MILLISECONDS));
        // Snapshots every so many entries let the log be purged, up to what every member has committed; a member
        // behind that (or new, once there is a snapshot) is sent the leader's snapshot marker and copies the leader's
        // tree itself (ChangeStateMachine, Copier).
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, snapshotEvery);
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, false);
        // Ratis drops the log only once it can drop this many entries (1,024 by default); no more than a snapshot's
        // worth, so that a group with frequent snapshots drops its log after each.
        RaftServerConfigKeys.Log.setPurgeGap(p, (int) Math.min(1024, snapshotEvery));
        // Linearizable reads at the leader: a read waits until the leader knows it still leads (its lease, renewed
        // by heartbeats a majority answered, or else a heartbeat round) and has applied all committed before it.
        RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        RaftServerConfigKeys.Read.setLeaderLeaseEnabled(p, true);
        RaftServerConfigKeys.Read.setTimeout(p, TimeDuration.valueOf(3, TimeUnit.SECONDS));
        // A leader that has not heard from a majority for this long steps down, so its clients look elsewhere.
        RaftServerConfigKeys.LeaderElection.setLeaderStepDownWaitTime(p, TimeDuration.valueOf(3, TimeUnit.SECONDS));
        // An entry must fit the log's write buffer and the appender's batch.
        SizeInBytes entry = SizeInBytes.valueOf(maxEntryBytes(maxChange));
        RaftServerConfigKeys.Log.setWriteBufferSize(p, SizeInBytes.valueOf(entry.getSize() + 64 * 1024)); // > batch + header
        RaftServerConfigKeys.Log.Appender.setBufferByteLimit(p, entry);
        // Ratis keeps recent log segments in memory: small segments and few of them, so a member's heap is not filled
        // by the log (with 64 MiB segments and the default six, a busy member of 256 MiB spent its time collecting).
        long segment = Math.max(16L << 20, 4L * entry.getSize());
        RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(segment));
        RaftServerConfigKeys.Log.setSegmentCacheNumMax(p, 2);
        RaftServerConfigKeys.Log.setSegmentCacheSizeMax(p, SizeInBytes.valueOf(2 * segment));
        return p;
    }

    /** The largest log entry a member started for changes of {@code maxChange} bytes takes (Ratis's batch limit). */
    private static int maxEntryBytes(int maxChange) {
        return Math.max(maxChange + 64 * 1024, 4 * 1024 * 1024);
    }

    /** The largest change encoding {@link #submit} takes. */
    public int maxChangeBytes() {
        return maxEntryBytes(maxChange) - 64 * 1024; // room for the entry's own framing
    }

    /**
     * Proposes a change; completes with the answer of this member's state machine once the change is committed and
     * applied here. Fails with {@link NotServingException} if this member is not (or stops being) the leader.
     */
    public CompletableFuture<byte[]> submit(byte[] change) {
        return batches.submit(change);
    }

    private static java.util.concurrent.ExecutorService oneDaemonThread(String name) {
        return java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code task} on {@link #answers}; once that has stopped (the member closed), here: no caller is left waiting. */
    private void handOutAnswer(Runnable task) {
        try {
            answers.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException closedAlready) {
            task.run();
        }
    }

    /** How many changes this member, while leading, put into each log entry on average ({@link ChangeBatcher}). */
    public double changesPerEntry() {
        return batches.changesPerEntry();
    }

    /** Proposes one log entry (a change, or a batch of them). */
    private CompletableFuture<byte[]> propose(byte[] entry) {
        RaftClientRequest request = RaftClientRequest.newBuilder()
            .setClientId(clientId).setServerId(server.getId()).setGroupId(groupId)
            .setCallId(callIds.incrementAndGet())
            .setMessage(Message.valueOf(UnsafeByteOperations.unsafeWrap(entry)))
            .setType(RaftClientRequest.writeRequestType())
            .build();
        try {
            return server.submitClientRequestAsync(request).thenApply(this::answer);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new NotServingException("member " + config.self()
                + " cannot take the change: " + e.getMessage()));
        }
    }

    /**
     * Hands the lead to member {@code target}; returns once it leads.
     *
     * @throws dev.cage.protocol.InvalidArgumentException if there is no such member
     * @throws dev.cage.protocol.NotLeaderException if this member is not the leader (the message names the one it knows)
     * @throws IOException if the transfer failed or did not end within {@code timeoutMillis}
     */
    public void transferLeadership(String target, long timeoutMillis) throws IOException {
        if (voters().stream().noneMatch(m -> m.id().equals(target))) {
            throw new dev.cage.protocol.InvalidArgumentException("no member '" + target + "' among the voters of"
                + " group '" + config.name() + "': " + voters().stream().map(GroupConfig.Member::id).toList());
        }
        if (voters().stream().anyMatch(m -> m.id().equals(target) && m.witness())) {
            throw new dev.cage.protocol.InvalidArgumentException("member '" + target + "' is a witness: it keeps the"
                + " group's log but no files, so it cannot lead");
        }
        GroupConfig.Member known = leader();
        if (known != null && known.id().equals(target)) {
            return; // it leads already (also when an earlier try of this request handed the lead on)
        }
        requireLeading("hands on the lead");
        if (target.equals(config.self())) {
            return; // it leads already
        }
        org.apache.ratis.protocol.TransferLeadershipRequest request = new org.apache.ratis.protocol.TransferLeadershipRequest(
            clientId, server.getId(), groupId, callIds.incrementAndGet(), RaftPeerId.valueOf(target), timeoutMillis);
        RaftClientReply reply;
        try {
            reply = server.transferLeadershipAsync(request).get(timeoutMillis + 1000, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("the lead did not pass to " + target + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while handing the lead to " + target, e);
        }
        if (!reply.isSuccess()) {
            throw new IOException("the lead did not pass to " + target + ": " + reply.getException());
        }
    }

    /**
     * Completes once a read that arrived now may be served by this member without returning anything older than an
     * acknowledged change: it still leads, and has applied everything committed before this call. Fails with
     * {@link NotServingException} if it cannot confirm that.
     */
    public CompletableFuture<Void> readBarrier() {
        RaftClientRequest request = RaftClientRequest.newBuilder()
            .setClientId(clientId).setServerId(server.getId()).setGroupId(groupId)
            .setCallId(callIds.incrementAndGet())
            .setMessage(Message.EMPTY)
            .setType(RaftClientRequest.readRequestType())
            .build();
        try {
            return server.submitClientRequestAsync(request).thenApply(this::answer).thenApply(a -> null);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new NotServingException("member " + config.self()
                + " cannot serve the read: " + e.getMessage()));
        }
    }

    private byte[] answer(RaftClientReply reply) {
        if (!reply.isSuccess()) {
            throw new CompletionException(new NotServingException("member " + config.self()
                + " could not replicate the change: " + reply.getException()));
        }
        return reply.getMessage().getContent().toByteArray();
    }

    /**
     * Whether this member is the leader and has applied everything committed before it became one. Never a witness:
     * one that leads has no files to serve from, and leads only until it has handed the lead on.
     */
    public boolean serving() {
        return !config.me().witness() && fromDivision(d -> d.getInfo().isLeader() && d.getInfo().isLeaderReady(), false);
    }

    /** The leader this member knows of, or {@code null} during an election. */
    public GroupConfig.Member leader() {
        RaftPeerId id = fromDivision(d -> d.getInfo().getLeaderId(), null);
        return id == null ? null : memberNamed(id.toString());
    }

    /**
     * Where a client should go instead of this member, for the messages of its refusals: "the leader is m1 at
     * host:port", "it is catching up" (this member leads but is not ready yet), or "an election is under way".
     */
    public String leaderHint() {
        GroupConfig.Member leader = leader();
        if (leader == null) {
            return "an election is under way";
        }
        if (leader.witness()) {
            return "the leader is the witness " + leader.id() + ", until it has brought a member with files up to date"
                + " and handed the lead to it";
        }
        return leader.id().equals(config.self()) ? "it is catching up"
            : "the leader is " + leader.id() + " at " + leader.clientAddress();
    }

    /** The member with this id in the group's current configuration (or, before it has one, the configured list). */
    private GroupConfig.Member memberNamed(String id) {
        RaftPeer p = conf() == null ? null : conf().getPeer(RaftPeerId.valueOf(id),
            RaftPeerRole.FOLLOWER, RaftPeerRole.LISTENER);
        return p != null ? member(p) : config.member(id);
    }

    /** The voting members of the group's current configuration. */
    public List<GroupConfig.Member> voters() {
        RaftConfiguration c = conf();
        return c == null ? List.of() : members(c.getCurrentPeers(RaftPeerRole.FOLLOWER));
    }

    /** The spares of the group's current configuration: they receive and apply the log but do not vote. */
    public List<GroupConfig.Member> spares() {
        RaftConfiguration c = conf();
        return c == null ? List.of() : members(c.getCurrentPeers(RaftPeerRole.LISTENER));
    }

    /**
     * Where clients log in to the group: the main ports ({@code host:port}) of its voters and spares with files, as
     * this member knows them (the configured list before it has the group's configuration). A witness serves nobody.
     */
    public List<String> clientAddresses() {
        RaftConfiguration c = conf(); // read once: voters and spares of one configuration
        List<GroupConfig.Member> all = c == null ? config.members()
            : java.util.stream.Stream.concat(members(c.getCurrentPeers(RaftPeerRole.FOLLOWER)).stream(),
                members(c.getCurrentPeers(RaftPeerRole.LISTENER)).stream()).toList();
        return all.stream().filter(m -> !m.witness()).map(GroupConfig.Member::clientAddress).toList();
    }

    private static List<GroupConfig.Member> members(java.util.Collection<RaftPeer> peers) {
        return peers.stream().map(RaftMember::member).toList();
    }

    /** The group's configuration as this member knows it; {@code null} before it has one from the group's log. */
    private RaftConfiguration conf() {
        RaftConfiguration c = fromDivision(RaftServer.Division::getRaftConf, null);
        // A joining member's own starting configuration (itself as a listener, see start) is not the group's.
        return c != null && c.getLogEntryIndex() < 0 && config.joining() ? null : c;
    }

    /**
     * Changes who belongs to the group (at the leader); returns once the new configuration is committed. A new
     * member must be running (started to join) so it can catch up first.
     *
     * @throws dev.cage.protocol.InvalidArgumentException if the change does not fit the group (an unknown member, an
     *     id taken, the last voter removed, a voter promoted)
     * @throws dev.cage.protocol.NotLeaderException if this member is not the leader
     * @throws IOException if the group did not commit the change within {@code timeoutMillis}
     */
    public void changeMembers(GroupMembersRequest change, long timeoutMillis) throws IOException {
        requireLeading("changes the group's members");
        MembershipChange next = MembershipChange.of(voters(), spares(), change);
        changeConfiguration(next, timeoutMillis);
    }

    /** Proposes a new configuration, provided the current one is still what {@code next} was computed from. */
    void changeConfiguration(MembershipChange next, long timeoutMillis) throws IOException {
        SetConfigurationRequest.Arguments args = SetConfigurationRequest.Arguments.newBuilder()
            .setMode(SetConfigurationRequest.Mode.COMPARE_AND_SET)
            .setServersInCurrentConf(next.votersBefore().stream().map(RaftMember::peer).toList())
            .setListenersInCurrentConf(next.sparesBefore().stream().map(RaftMember::peer).toList())
            .setServersInNewConf(next.voters().stream().map(RaftMember::peer).toList())
            .setListenersInNewConf(next.spares().stream().map(RaftMember::peer).toList())
            .build();
        SetConfigurationRequest request = new SetConfigurationRequest(clientId, server.getId(), groupId,
            callIds.incrementAndGet(), args);
        RaftClientReply reply;
        try {
            reply = server.setConfigurationAsync(request).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("the group did not take the new configuration " + next + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while changing the group's members", e);
        }
        if (!reply.isSuccess()) {
            throw new IOException("the group did not take the new configuration " + next + ": " + reply.getException());
        }
    }

    /** How long since the leader last heard from each member it sends the log to; empty unless this member leads. */
    java.util.Map<String, Long> silenceMillis() {
        return fromDivision(d -> {
            DivisionInfo info = d.getInfo();
            java.util.Map<String, Long> out = new java.util.HashMap<>();
            if (info.isLeader()) {
                for (var f : info.getRoleInfoProto().getLeaderInfo().getFollowerInfoList()) {
                    out.put(f.getId().getId().toStringUtf8(), f.getLastRpcElapsedTimeMs());
                }
            }
            return out;
        }, java.util.Map.of());
    }

    private void requireLeading(String what) throws IOException {
        if (!serving()) {
            throw new dev.cage.protocol.NotLeaderException("only the leader " + what + "; member " + config.self()
                + " is not it (" + leaderHint() + ")");
        }
    }

    public GroupConfig config() {
        return config;
    }

    public Status status() {
        Status starting = new Status(config.self(), "STARTING", null, 0, -1, -1);
        // All read inside one question: while the division (re)starts, any of its figures may refuse to answer.
        return fromDivision(d -> {
            DivisionInfo info = d.getInfo();
            if (info.getCurrentRole() == null) {
                return starting;
            }
            RaftPeerId leader = info.getLeaderId();
            return new Status(config.self(), info.getCurrentRole().name(), leader == null ? null : leader.toString(),
                info.getCurrentTerm(), info.getLastAppliedIndex(), d.getRaftLog().getLastCommittedIndex());
        }, starting);
    }

    /**
     * The first log index this member still holds (entries before it were dropped after a snapshot); a member whose
     * own log ends before it cannot be sent the log and copies a tree instead. {@code -1} while starting or closing.
     */
    public long logStartIndex() {
        return fromDivision(d -> d.getRaftLog().getStartIndex(), -1L);
    }

    /** The group as this member sees it, with each member's commit index as far as this member knows it. */
    public GroupInfo info() {
        Status s = status();
        java.util.Map<String, Long> commits = new java.util.HashMap<>(); // unknown while starting: every one reads -1
        for (var c : fromDivision(RaftServer.Division::getCommitInfos, List.<org.apache.ratis.proto.RaftProtos.CommitInfoProto>of())) {
            commits.put(c.getServer().getId().toStringUtf8(), c.getCommitIndex());
        }
        List<dev.cage.protocol.GroupInfo.Member> members = new java.util.ArrayList<>();
        // Between two configurations (Raft's joint consensus) every change still needs a majority of the earlier
        // one: that is the one shown, so nobody stops a voter the group still counts on, believing it replaced.
        // (One configuration read for all of it: another read could already see the next one.)
        RaftConfiguration c = conf();
        boolean between = c != null && !c.getPreviousPeers().isEmpty();
        List<GroupConfig.Member> voters = c == null ? List.of() : members(between
            ? c.getPreviousPeers(RaftPeerRole.FOLLOWER) : c.getCurrentPeers(RaftPeerRole.FOLLOWER));
        List<GroupConfig.Member> spares = c == null ? List.of() : members(between
            ? c.getPreviousPeers(RaftPeerRole.LISTENER) : c.getCurrentPeers(RaftPeerRole.LISTENER));
        for (GroupConfig.Member m : voters) {
            String role = m.id().equals(s.leader()) ? GroupInfo.LEADER : m.witness() ? GroupInfo.WITNESS : GroupInfo.FOLLOWER;
            members.add(infoOf(m, role, s, commits));
        }
        for (GroupConfig.Member m : spares) {
            members.add(infoOf(m, GroupInfo.SPARE, s, commits));
        }
        if (members.stream().noneMatch(m -> m.id().equals(config.self()))) {
            members.add(infoOf(config.me(), GroupInfo.OUTSIDE, s, commits)); // joining, or removed
        }
        return new GroupInfo(config.name(), config.self(), s.leader() == null ? "" : s.leader(),
            s.term(), s.lastApplied(), members);
    }

    private GroupInfo.Member infoOf(GroupConfig.Member m, String role, Status s, java.util.Map<String, Long> commits) {
        return new GroupInfo.Member(m.id(), m.clientAddress(), m.host() + ":" + m.raftPort(), role,
            m.id().equals(config.self()) ? s.commitIndex() : commits.getOrDefault(m.id(), -1L));
    }

    /** Asks this member's part of the group (its division); {@code otherwise} while it starts, restarts or closes. */
    private <T> T fromDivision(DivisionQuery<T> query, T otherwise) {
        try {
            return query.ask(server.getDivision(groupId));
        } catch (IOException | IllegalStateException notRunning) {
            return otherwise;
        }
    }

    @FunctionalInterface
    private interface DivisionQuery<T> {
        T ask(RaftServer.Division division) throws IOException;
    }

    @Override
    public void close() throws IOException {
        promotions.close();
        synchronized (this) {
            closed = true;
        }
        restarts.shutdownNow();
        server.close();
        answers.shutdown(); // after the server: the answers of entries it ended are handed out, failed
    }
}
