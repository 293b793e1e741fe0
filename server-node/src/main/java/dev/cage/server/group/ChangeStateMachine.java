package dev.cage.server.group;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
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
 * lowest index every member has committed (never past a member that is behind, so none needs a snapshot sent). A
 * member that does need one (a wiped or new member) is told so in its log; copying a tree is not built yet.
 */
final class ChangeStateMachine extends BaseStateMachine {
    private static final System.Logger LOG = System.getLogger(ChangeStateMachine.class.getName());
    private final RaftMember.Applier applier;
    private final AppliedIndex applied;
    private final Consumer<String> leaderChanged;
    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();

    ChangeStateMachine(RaftMember.Applier applier, AppliedIndex applied, Consumer<String> leaderChanged) {
        this.applier = applier;
        this.applied = applied;
        this.leaderChanged = leaderChanged;
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        long index = entry.getIndex();
        try {
            Message answer = Message.EMPTY;
            if (index > applied.get()) {
                answer = Message.valueOf(UnsafeByteOperations.unsafeWrap(
                    applier.apply(entry.getStateMachineLogEntry().getLogData().toByteArray())));
                applied.set(index);
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
     * A read barrier's query: by the time Ratis calls this, the leader has confirmed its leadership (by lease or by a
     * heartbeat round) and this member has applied every entry committed before the read arrived.
     */
    @Override
    public CompletableFuture<Message> query(Message request) {
        return CompletableFuture.completedFuture(Message.EMPTY);
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        storage.init(raftStorage);
        SnapshotInfo latest = storage.loadLatestSnapshot();
        if (latest != null) {
            // Ratis replays the log from here; the entries before it may be purged already.
            updateLastAppliedTermIndex(latest.getTerm(), latest.getIndex());
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
        applied.force();
        File marker = storage.getSnapshotFile(last.getTerm(), last.getIndex());
        Files.writeString(marker.toPath(), "the tree and journal of this member are durable up to log index "
            + last.getIndex() + "\n", StandardCharsets.UTF_8);
        MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(marker);
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(marker.toPath(), md5), last));
        return last.getIndex();
    }

    /** Only a member whose log is behind what every other member has purged gets this: it must be copied by hand. */
    @Override
    public CompletableFuture<TermIndex> notifyInstallSnapshotFromLeader(RoleInfoProto roleInfo, TermIndex firstInLog) {
        String why = "this member is behind the group's log (the leader's log starts at " + firstInLog + "), and"
            + " catching up from a copy of the tree is not built yet: stop it, copy the root and data directory of a"
            + " member that is up to date, and start it again";
        LOG.log(System.Logger.Level.ERROR, why);
        return CompletableFuture.failedFuture(new IOException(why));
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId member, RaftPeerId newLeader) {
        leaderChanged.accept(newLeader == null ? null : newLeader.toString());
    }

    @Override
    public void close() throws IOException {
        super.close();
        applied.close();
    }
}
