package dev.cage.server.group;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;

/**
 * Applies committed log entries (changes of bytes and names) to this member's tree, in log order, on Ratis's one
 * applying thread; the entry's answer goes back to the leader's waiting request. Entries a previous run already
 * applied ({@link AppliedIndex}) are skipped.
 *
 * <p>Snapshots: the member's state is its tree and journal on disk, so a snapshot is a promise, not a copy: the
 * applier makes everything applied durable (the journal's checkpoint forces the changed files), the applied index is
 * forced, and an empty marker file records the snapshot's term and index. Ratis may then drop the log up to the
 * lowest index every member has committed (never past a member of the group, so a member that was down replays the
 * log). A member that joins once the leader has a snapshot, or was removed and comes back behind the log, is sent
 * the leader's latest snapshot instead: the marker, which says which entry the leader's tree stood for. The member
 * then copies the leader's tree ({@link RaftMember.Copier}: only what differs) before it applies any entry after
 * that one. The leader goes on applying while the copy is made, so the copy is fuzzy, taken at or after that entry;
 * every change after it is then applied again over the copy, and changes of bytes and names are made so that this
 * converges (as crash repair does over a checkpoint).
 */
final class ChangeStateMachine extends BaseStateMachine {
    private static final System.Logger LOG = System.getLogger(ChangeStateMachine.class.getName());
    /** The first byte of the group's own log entries and questions; a node's changes never start with it. */
    static final byte GROUP = 0x7F;
    private static final byte HOLD_STATUS = 1;
    private static final byte RELEASE = 2;
    /** How long the member copied from may take to reach the hold entry before another is tried. */
    private static final long HOLD_WAIT_MILLIS = 10_000;
    private final RaftMember.Applier applier;
    private final RaftMember.Copier copier;
    private final AppliedIndex applied;
    private final Consumer<String> leaderChanged;
    private final Runnable configurationApplied;
    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    /** A copy of the leader's tree under way or done ({@code null}: none needed since this member started). */
    private volatile CompletableFuture<Void> copying;
    private volatile boolean closed;
    private final CopyHold hold = new CopyHold();
    private volatile String self;
    /**
     * Where the journal says applying stopped before this start, if that is beyond the applied index: the entry
     * with that index is applied from there on (Ratis's applying thread only).
     */
    private volatile RaftMember.Journaled resume;
    /** When this member last learned it leads, and how far it had applied then. */
    private volatile Elected elected;
    /** Renews connections to the other members (see {@link #freshConnectionsForTheNextElection}). */
    private final ExecutorService reconnects = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cage-raft-reconnects");
        t.setDaemon(true);
        return t;
    });

    private record Elected(long nanos, Instant when, long applied) {
    }

    ChangeStateMachine(RaftMember.Applier applier, RaftMember.Copier copier, AppliedIndex applied,
                       Consumer<String> leaderChanged, Runnable configurationApplied) {
        this.configurationApplied = configurationApplied;
        this.applier = applier;
        this.copier = copier;
        this.applied = applied;
        this.leaderChanged = leaderChanged;
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        long index = entry.getIndex();
        try {
            awaitCopy();
            Message answer = Message.EMPTY;
            byte[] data = entry.getStateMachineLogEntry().getLogData().toByteArray();
            if (index > applied.get()) {
                if (data.length > 0 && data[0] == GROUP) {
                    holdIfNamed(data, index);
                } else if (ChangeBatcher.isBatch(data)) {
                    List<byte[]> changes = ChangeBatcher.split(data);
                    List<byte[]> answers = new ArrayList<>(changes.size());
                    for (int position = 0; position < changes.size(); position++) {
                        answers.add(apply(changes.get(position), index, position));
                    }
                    answer = Message.valueOf(UnsafeByteOperations.unsafeWrap(ChangeBatcher.join(answers)));
                } else {
                    answer = Message.valueOf(UnsafeByteOperations.unsafeWrap(apply(data, index, 0)));
                }
                applied.set(index);
                resume = null;
            }
            updateLastAppliedTermIndex(entry.getTerm(), index);
            return CompletableFuture.completedFuture(answer);
        } catch (IOException | RuntimeException e) {
            // The applier answers every refusal of a change itself; reaching here means this member's disk failed.
            // The entry is not marked applied, so a restart applies it again.
            LOG.log(System.Logger.Level.ERROR, "cannot apply log entry " + index + ": " + e, e);
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Applies one change of entry {@code index}; in the entry where an earlier run stopped (killed after journaling
     * a change, before recording the applied index), the changes it journaled are not applied again and the one it
     * was in is resumed after its journaled entries. A change passed over answers nothing: only the run that
     * proposed an entry waits for its answers, and this member has restarted since.
     */
    private byte[] apply(byte[] change, long index, int position) throws IOException {
        RaftMember.Journaled r = resume;
        int journaled = 0;
        if (r != null && r.index() == index) {
            if (position < r.position()) {
                return new byte[0];
            }
            journaled = position == r.position() ? r.entries() : 0;
        }
        return applier.apply(change, index, position, journaled);
    }

    /** A hold entry: the member it names holds here while another copies its tree. */
    private void holdIfNamed(byte[] entry, long index) {
        String holder = new String(entry, 1, entry.length - 1, StandardCharsets.UTF_8);
        if (holder.equals(self)) {
            try {
                hold.holdAt(index);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Blocks Ratis's applying thread until a copy of the leader's tree this member needs is done. */
    private void awaitCopy() throws IOException {
        CompletableFuture<Void> c = copying;
        if (c != null) {
            try {
                c.join();
            } catch (CompletionException e) {
                throw new IOException("this member's tree is not a copy of the leader's yet", e.getCause());
            }
        }
    }

    /**
     * An empty query is a read barrier: by the time Ratis calls this, the leader has confirmed its leadership (by
     * lease or by a heartbeat round) and this member has applied every entry committed before the read arrived.
     * Any other is a question of a member copying this one's tree.
     */
    @Override
    public CompletableFuture<Message> query(Message request) {
        byte[] q = request.getContent().toByteArray();
        if (q.length == 0) {
            return CompletableFuture.completedFuture(Message.EMPTY);
        }
        try {
            byte[] answer;
            if (q[0] == GROUP) {
                answer = q[1] == HOLD_STATUS ? ByteBuffer.allocate(8).putLong(hold.heldAt()).array() : new byte[0];
                if (q[1] == RELEASE) {
                    hold.release();
                }
            } else {
                hold.touch();
                answer = copier.answer(q);
            }
            return CompletableFuture.completedFuture(Message.valueOf(UnsafeByteOperations.unsafeWrap(answer)));
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        self = server.getId().toString();
        resumeAfterJournal();
        getLifeCycle().startAndTransition(() -> {
            super.initialize(server, groupId, raftStorage);
            storage.init(raftStorage);
            loadLatestSnapshot();
        });
        copyIfBehind(); // a copy a previous run did not finish
    }

    /**
     * The applied index is written after each entry, so a kill between an entry's journal entries and that write
     * leaves it behind the journal: the entries before the journal's latest change count as applied, and that
     * change's entry is resumed after its journaled part ({@link #apply(byte[], long, int)}).
     */
    private void resumeAfterJournal() throws IOException {
        RaftMember.Journaled j = applier.journaled();
        if (j != null && j.index() > applied.get()) {
            LOG.log(System.Logger.Level.INFO, "the journal records change " + j.position() + " of log entry "
                + j.index() + " (" + j.entries() + " journal entries), the applied index says " + applied.get()
                + ": resuming there");
            applied.set(j.index() - 1);
            resume = j;
        }
    }

    /** Ratis replays the log after the latest snapshot; the entries before it may be purged already. */
    private void loadLatestSnapshot() throws IOException {
        SnapshotInfo latest = storage.loadLatestSnapshot();
        if (latest != null) {
            updateLastAppliedTermIndex(latest.getTerm(), latest.getIndex());
        }
    }

    /** Ratis pauses the machine before it reloads it from a snapshot the leader sent. */
    @Override
    public void pause() {
        if (getLifeCycleState() == LifeCycle.State.RUNNING) {
            getLifeCycle().transition(LifeCycle.State.PAUSING);
            getLifeCycle().transition(LifeCycle.State.PAUSED);
        }
    }

    @Override
    public void reinitialize() throws IOException {
        loadLatestSnapshot();
        copyIfBehind();
        if (getLifeCycleState() == LifeCycle.State.PAUSED) {
            getLifeCycle().transition(LifeCycle.State.STARTING);
            getLifeCycle().transition(LifeCycle.State.RUNNING);
        }
    }

    @Override
    public StateMachineStorage getStateMachineStorage() {
        return storage;
    }

    @Override
    public SnapshotInfo getLatestSnapshot() {
        return storage.getLatestSnapshot();
    }

    @Override
    public long takeSnapshot() throws IOException {
        TermIndex last = getLastAppliedTermIndex();
        if (last == null || last.getIndex() < 0 || !applier.makeDurable()) {
            return RaftLog.INVALID_LOG_INDEX; // nothing applied, or no journal to force the files: the log stays whole
        }
        markSnapshot(last);
        return last.getIndex();
    }

    /** Records that this member's tree and journal are durable up to {@code at}: a marker file and the applied index. */
    private void markSnapshot(TermIndex at) throws IOException {
        // Entries up to here that carried no change (configurations, terms' first entries) count as applied too, so
        // that the applied index never reads as behind this member's own snapshot (which would start a copy).
        if (applied.get() < at.getIndex()) {
            applied.set(at.getIndex());
        }
        applied.force();
        File marker = storage.getSnapshotFile(at.getTerm(), at.getIndex());
        Files.writeString(marker.toPath(), "the tree and journal of this member are durable up to log index "
            + at.getIndex() + "\n", StandardCharsets.UTF_8);
        MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(marker);
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(marker.toPath(), md5), at));
    }

    /**
     * Starts copying the leader's tree if this member's tree is behind its latest snapshot: a snapshot the leader
     * sent (the marker only) because this member is new or behind what the log still holds. Entries after the
     * snapshot wait until the copy is done ({@link #applyTransaction}).
     */
    private void copyIfBehind() {
        SnapshotInfo latest = storage.getLatestSnapshot();
        if (latest == null || applied.get() >= latest.getIndex() || copying != null && !copying.isDone()) {
            return;
        }
        TermIndex at = latest.getTermIndex();
        LOG.log(System.Logger.Level.WARNING, "this member's tree is behind the group's snapshot at " + at
            + " (applied up to " + applied.get() + "): copying another member's tree");
        copying = new CompletableFuture<>();
        Thread t = new Thread(this::copyUntilDone, "cage-tree-copy");
        t.setDaemon(true);
        t.start();
    }

    /** Copies a member's tree, trying again (the leader may change, or not be known yet) until it is done. */
    private void copyUntilDone() {
        long pause = 200;
        for (int attempt = 0; !closed; attempt++) {
            RaftPeer leader = leader();
            if (leader != null) {
                RaftPeer source = source(leader, attempt);
                try {
                    copyFrom(leader, source);
                    copying.complete(null);
                    return;
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "copying the tree of " + source.getId() + " failed (trying"
                        + " again): " + e);
                }
            }
            try {
                Thread.sleep(pause); // no leader known yet, or it did not answer: an election or a restart
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            pause = Math.min(2 * pause, 5_000);
        }
        copying.completeExceptionally(new IOException("closed before the leader's tree was copied"));
    }

    private RaftPeer leader() {
        try {
            RaftServer.Division d = division();
            RaftPeerId id = d.getInfo().getLeaderId();
            return id == null ? null : d.getRaftConf().getPeer(id, RaftPeerRole.FOLLOWER, RaftPeerRole.LISTENER);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The member to copy from on attempt {@code attempt}: the voters other than the leader first (holding one stalls
     * no client), then the leader, in turn, so that a voter that is down is not asked again and again. Never a witness
     * while there is another: it has no tree.
     */
    private RaftPeer source(RaftPeer leader, int attempt) {
        List<RaftPeer> candidates = new ArrayList<>();
        try {
            RaftServer.Division d = division();
            d.getRaftConf().getCurrentPeers(RaftPeerRole.FOLLOWER).stream()
                .filter(p -> !p.getId().equals(leader.getId()) && !p.getId().toString().equals(self))
                .filter(p -> !RaftMember.isWitness(p))
                .forEach(candidates::add);
        } catch (IOException e) {
            // no configuration at hand: the leader will do
        }
        if (!RaftMember.isWitness(leader) || candidates.isEmpty()) {
            candidates.add(leader); // a witness leader has no tree: asked only when there is nobody else, it refuses
        }
        return candidates.get(attempt % candidates.size());
    }

    /**
     * Puts a hold entry naming {@code source} into the group's log, waits until the source holds at it, copies its
     * tree (which stands still meanwhile) and releases it; this member then applies the log after that entry.
     */
    private void copyFrom(RaftPeer leader, RaftPeer source) throws IOException {
        long started = System.nanoTime();
        try (RaftClient client = LeaderQueries.client(getGroupId(), leader, source)) {
            byte[] id = source.getId().toString().getBytes(StandardCharsets.UTF_8);
            byte[] entry = new byte[1 + id.length];
            entry[0] = GROUP;
            System.arraycopy(id, 0, entry, 1, id.length);
            long at = LeaderQueries.append(client, entry);
            awaitHold(client, source, at);
            try {
                copier.copyFrom(q -> LeaderQueries.ask(client, source, q));
                applier.makeDurable();
                applied.set(at);
                applied.force();
            } finally {
                LeaderQueries.ask(client, source, new byte[] {GROUP, RELEASE});
            }
            LOG.log(System.Logger.Level.WARNING, "copied the tree of " + source.getId() + " as of log entry " + at
                + " in " + (System.nanoTime() - started) / 1_000_000 + " ms; the log follows from there");
        }
    }

    private void awaitHold(RaftClient client, RaftPeer source, long at) throws IOException {
        long deadline = System.nanoTime() + HOLD_WAIT_MILLIS * 1_000_000;
        while (System.nanoTime() < deadline) {
            long held = ByteBuffer.wrap(LeaderQueries.ask(client, source, new byte[] {GROUP, HOLD_STATUS})).getLong();
            if (held == at) {
                return;
            }
            try {
                Thread.sleep(20); // the source applies the entries before the hold first
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + source.getId() + " to hold", e);
            }
        }
        throw new IOException("member " + source.getId() + " did not hold at log entry " + at + " within "
            + HOLD_WAIT_MILLIS + " ms");
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId member, RaftPeerId newLeader) {
        boolean selfLeads = newLeader != null && newLeader.toString().equals(self);
        if (selfLeads) {
            hold.release(); // a leader must apply everything before it serves
            TermIndex applied = getLastAppliedTermIndex();
            elected = new Elected(System.nanoTime(), Instant.now(), applied == null ? -1 : applied.getIndex());
        } else if (newLeader != null && !closed) {
            try {
                reconnects.execute(this::freshConnectionsForTheNextElection);
            } catch (RejectedExecutionException closing) {
                // closed meanwhile: no next election here
            }
        }
        leaderChanged.accept(newLeader == null ? null : newLeader.toString());
    }

    /**
     * Replaces this member's connections to the other members with new ones, made when next used. A follower sends
     * nothing to the others until the next election, and by then a connection to a member that was down meanwhile
     * may be waiting out gRPC's reconnect backoff (1 s, then longer): every vote request on it fails at once, and the
     * round is lost. Seen in GroupKillNineTest: the member with the longest log failed two pre-votes in a row on the
     * connection to a member restarted since, while the other could not win (its log was shorter), and the group had
     * no leader for 4 s. Done when another member starts to lead, off Ratis's thread; nothing of this member's is in
     * flight on those connections then.
     */
    private void freshConnectionsForTheNextElection() {
        try {
            RaftServer.Division d = division();
            for (RaftPeer p : d.getRaftConf().getCurrentPeers()) {
                if (!p.getId().toString().equals(self)) {
                    d.getRaftServer().getServerRpc().handleException(p.getId(), new IOException("a new leader: fresh"
                        + " connections for the next election"), true);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not renew the connections to the other members: " + e);
        }
    }

    /**
     * This member leads and has applied every entry committed before its term: it serves from now on. Logged with when
     * it was elected, how long it took to serve, and how many entries it had still to apply: a failover's parts.
     */
    @Override
    public void notifyLeaderReady() {
        Elected e = elected;
        TermIndex applied = getLastAppliedTermIndex();
        if (e != null && applied != null) {
            LOG.log(System.Logger.Level.INFO, "member " + self + " leads in term " + currentTerm() + " and serves, "
                + (System.nanoTime() - e.nanos()) / 1_000_000 + " ms after it was elected (at " + e.when() + "); it"
                + " applied " + (applied.getIndex() - e.applied()) + " entries meanwhile (up to " + applied.getIndex()
                + ")");
        }
    }

    /** This member's part in the group, as its Raft server runs it. */
    private RaftServer.Division division() throws IOException {
        return getServer().join().getDivision(getGroupId());
    }

    /** This member's current term, or -1 if its server cannot say. */
    private long currentTerm() {
        try {
            return division().getInfo().getCurrentTerm();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    @Override
    public void notifyConfigurationChanged(long term, long index,
                                           org.apache.ratis.proto.RaftProtos.RaftConfigurationProto newConfiguration) {
        configurationApplied.run();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        reconnects.shutdownNow();
        super.close();
        applied.close();
    }
}
