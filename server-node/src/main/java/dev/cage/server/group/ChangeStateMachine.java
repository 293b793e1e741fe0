package dev.cage.server.group;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;

/**
 * Applies committed log entries (changes of bytes and names) to this member's tree, in log order, on Ratis's one
 * applying thread; the entry's answer goes back to the leader's waiting request. Entries a previous run already
 * applied ({@link AppliedIndex}) are skipped.
 */
final class ChangeStateMachine extends BaseStateMachine {
    private static final System.Logger LOG = System.getLogger(ChangeStateMachine.class.getName());
    private final RaftMember.Applier applier;
    private final AppliedIndex applied;
    private final Consumer<String> leaderChanged;

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
    public void notifyLeaderChanged(RaftGroupMemberId member, RaftPeerId newLeader) {
        leaderChanged.accept(newLeader == null ? null : newLeader.toString());
    }

    @Override
    public void close() throws IOException {
        super.close();
        applied.close();
    }
}
