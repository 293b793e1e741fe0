package dev.cage.server;

import dev.cage.protocol.BranchId;
import dev.cage.protocol.ChannelClosedException;
import dev.cage.protocol.Frame;
import dev.cage.protocol.InvalidArgumentException;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.ReadOnlyChannelException;
import dev.cage.protocol.Responses;
import dev.cage.protocol.ServerErrorException;
import dev.cage.protocol.Status;
import dev.cage.protocol.TransactionTooLargeException;
import dev.cage.protocol.TransactionUnknownException;
import dev.cage.protocol.message.ChangedRange;
import dev.cage.protocol.message.EmptyRequest;
import dev.cage.protocol.message.Replies;
import dev.cage.protocol.message.TxCommitReply;
import dev.cage.protocol.message.TxCommitRequest;
import dev.cage.protocol.message.TxPrepareRequest;
import dev.cage.protocol.message.TxRecoverReply;
import dev.cage.protocol.message.TxRollbackRequest;
import dev.cage.protocol.message.TxStageRequest;
import dev.cage.server.journal.JournalStore;
import dev.cage.server.journal.JournalUnavailableException;
import dev.cage.server.journal.NamespaceOp;
import dev.cage.server.journal.PreparedBranch;
import dev.cage.server.journal.PreparedOp;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The transaction requests of the data port (TX_STAGE, TX_PREPARE, TX_COMMIT, TX_ROLLBACK, TX_RECOVER; layouts on
 * their types in {@code dev.cage.protocol.message}). Staged work lives in the session until prepare (durable in the journal, files locked: see
 * {@link TxLocks}) or a one-phase commit; {@link TxApplier} applies a commit atomically.
 *
 * <p>Threads: every request here runs on the namespace lane, one at a time, so staging, prepares and commits never
 * interleave with each other (nor with creates, removes and renames).
 */
final class TransactionService {
    private static final System.Logger LOG = System.getLogger(TransactionService.class.getName());

    private final TxLocks locks;
    /** The node's limits, for the largest file a staged op may make. */
    private final NodeLimits limits;
    private final TxApplier applier;
    private final Journaling journal;
    private final long stagingLimit;
    private final int maxFrame;
    /** Where prepares and commits go when the node is a member of a replicated group; {@code null} if standalone. */
    private volatile Replication replication;

    TransactionService(TxLocks locks, TxApplier applier, Journaling journal, long stagingLimit, int maxFrame,
                       NodeLimits limits) {
        this.limits = limits;
        this.locks = locks;
        this.applier = applier;
        this.journal = journal;
        this.stagingLimit = stagingLimit;
        this.maxFrame = maxFrame;
    }

    /**
     * Makes this node a group member: staging stays in the leader's session, but a prepare, a commit and the rollback
     * of a prepared branch go through the group's log and are applied by every member ({@link #applyPrepare},
     * {@link #applyCommit}, {@link #applyRollback}, {@link TxApplier#applyUnheld}); the leader checks first-committer-
     * wins itself, with the files' lanes held.
     */
    void replicateThrough(Replication r) {
        this.replication = r;
    }

    /** A reply, and (for a commit) the applied changes whose lanes stay held until other clients dropped them. */
    record Reply(Frame frame, TxApplier.Applied applied) {
    }

    Reply handle(Session s, Frame req, ByteBufAllocator alloc) throws IOException {
        ByteBuf in = req.body();
        int id = req.requestId();
        switch (req.opcode()) {
            case TX_STAGE -> {
                stage(s, TxStageRequest.decode(in, maxFrame));
                return new Reply(Responses.ok(alloc, id, 0), null);
            }
            case TX_PREPARE -> {
                TxPrepareRequest r = TxPrepareRequest.decode(in);
                prepare(s, r.branch(), r.chunks());
                return new Reply(Responses.ok(alloc, id, 0), null);
            }
            case TX_COMMIT -> {
                TxCommitRequest r = TxCommitRequest.decode(in);
                TxApplier.Applied applied = r.onePhase() ? commitOnePhase(s, r.branch(), r.chunks())
                    : commitPrepared(s, r.branch());
                List<ChangedRange> ranges = applied.changes.stream().map(Change::range).toList();
                return new Reply(Replies.ok(alloc, id, 4 + ChangedRange.BYTES * ranges.size(), new TxCommitReply(ranges)),
                    applied);
            }
            case TX_ROLLBACK -> {
                rollback(s, TxRollbackRequest.decode(in).branch());
                return new Reply(Responses.ok(alloc, id, 0), null);
            }
            case TX_RECOVER -> {
                EmptyRequest.decode(req.opcode(), in);
                List<BranchId> ids = locks.visibleTo(s);
                return new Reply(Replies.ok(alloc, id, 4 + 140 * ids.size(), new TxRecoverReply(ids)), null);
            }
            default -> throw new ProtocolException(Status.UNEXPECTED_MESSAGE, req.opcode() + " is not a transaction request");
        }
    }

    private void stage(Session s, TxStageRequest req) throws IOException {
        BranchId branch = req.branch();
        int chunk = req.chunk();
        long handle = req.handle();
        List<TxOp> ops = new ArrayList<>(req.ops().size());
        for (TxStageRequest.Op op : req.ops()) {
            ops.add(op.truncate() ? TxOp.truncate(op.position()) : TxOp.write(op.position(), op.data())); // no copy
        }
        StagedBranch staged = s.staged().get(branch);
        try {
            if (chunk == 0) {
                if (staged != null || locks.contains(branch)) {
                    throw new InvalidArgumentException("transaction branch " + branch + " is already "
                        + (staged != null ? "being staged" : "prepared") + " on this node");
                }
                staged = new StagedBranch(branch);
                s.staged().put(branch, staged);
            } else if (staged == null || staged.chunks() != chunk) {
                throw lost(branch, staged == null ? 0 : staged.chunks(), chunk);
            }
            OpenFile f = s.files().get(handle);
            if (f == null) {
                throw new ChannelClosedException("no open channel with handle " + handle + ": it was closed, or its session ended");
            }
            if (!f.mode().writable()) {
                throw new ReadOnlyChannelException("channel on '" + f.file().key() + "' was opened " + f.mode()
                    + " and cannot write, in a transaction or not");
            }
            long adding = 0;
            for (TxOp op : ops) {
                if (op.position() < 0 || (!op.truncate() && op.position() > Long.MAX_VALUE - op.bytes())) {
                    throw new InvalidArgumentException("transaction op at " + op.position() + " is out of range");
                }
                limits.checkFileEnd("a transaction's " + (op.truncate() ? "truncate" : "write"),
                    op.position() + (op.truncate() ? 0 : op.bytes()));
                adding += op.bytes();
            }
            long total = s.staged().values().stream().mapToLong(StagedBranch::bytes).sum() + adding;
            if (total > stagingLimit) {
                throw new TransactionTooLargeException("this session's transactions would stage " + total
                    + " bytes, more than the node's limit of " + stagingLimit + "; transaction " + branch + " is rolled back");
            }
            for (TxOp op : ops) {
                staged.add(f, req.baseVersion(), op);
            }
            staged.chunkReceived();
        } catch (IOException e) {
            s.staged().remove(branch); // a branch missing a chunk must never be prepared or committed
            throw e;
        }
    }

    private void prepare(Session s, BranchId branch, int chunks) throws IOException {
        StagedBranch staged = takeStaged(s, branch, chunks);
        if (!journal.enabled()) {
            throw new ServerErrorException(Status.JOURNAL_UNAVAILABLE, "this node runs without a journal, so it cannot"
                + " prepare transaction " + branch + " (nothing would survive a crash); a one-phase commit works");
        }
        SortedMap<String, List<TxOp>> ops = byKey(s, staged);
        Replication group = replication;
        if (group != null) {
            // With the lanes held, the leader checks and then has every member lock and save the branch.
            byte[] encoded = TxOpsCodec.encode(ops);
            group.requireFits(encoded, branch.toString());
            applier.checkAndLock(branch.toString(), ops, bases(staged), () -> group.replicate(
                ReplicatedChange.of(s, ReplicatedChange.Kind.TX_PREPARE, branch.text()).at(0, encoded)));
            return;
        }
        PreparedTx tx = new PreparedTx(branch, s.user(), ops);
        applier.checkAndLock(branch.toString(), ops, bases(staged), () -> locks.add(tx));
        List<PreparedOp> rows = save(s, tx);
        // The staged bytes are in the log now: the commit's journal entries point at them instead of writing them
        // again. Same order as the rows were made; only this lane touches the branch's lists.
        int row = 0;
        for (List<TxOp> list : tx.ops().values()) {
            for (int i = 0; i < list.size(); i++) {
                PreparedOp r = rows.get(row++);
                if (!r.isTruncate()) {
                    list.set(i, list.get(i).loggedAt(r.dataReference()));
                }
            }
        }
    }

    /** Saves a branch's ops as prepared rows in the journal, durably; on failure unlocks it again. */
    private List<PreparedOp> save(Session s, PreparedTx tx) throws IOException {
        List<PreparedOp> rows = new ArrayList<>();
        String key = tx.id().text();
        for (Map.Entry<String, List<TxOp>> e : tx.ops().entrySet()) {
            for (TxOp op : e.getValue()) {
                rows.add(op.truncate() ? PreparedOp.truncate(key, rows.size(), e.getKey(), op.position())
                    : PreparedOp.write(key, rows.size(), e.getKey(), op.position(), op.data()));
            }
        }
        // As a change (under the checkpoint's read lock): retention must not drop the log segment of a payload whose
        // rows are not committed yet.
        try (Journaling.Change c = journal.begin()) {
            journal.store().savePrepared(new PreparedBranch(key, s.user(), s.id(),
                journal.now(), rows.size()), rows);
        } catch (JournalUnavailableException e) {
            locks.remove(tx);
            throw unavailable(e);
        }
        return rows;
    }

    private TxApplier.Applied commitOnePhase(Session s, BranchId branch, int chunks) throws IOException {
        StagedBranch staged = takeStaged(s, branch, chunks);
        SortedMap<String, List<TxOp>> ops = byKey(s, staged);
        for (String key : ops.keySet()) {
            locks.requireNotPrepared(key, branch);
        }
        Replication r = replication;
        if (r != null) {
            byte[] encoded = TxOpsCodec.encode(ops);
            r.requireFits(encoded, branch.toString());
            return applier.applyElsewhere(branch.toString(), ops, bases(staged), () -> r.replicate(
                ReplicatedChange.of(s, ReplicatedChange.Kind.TX_APPLY, branch.text()).at(0, encoded)));
        }
        return applier.apply(s, branch.toString(), ops, bases(staged), FileTable.Step.NONE);
    }

    private TxApplier.Applied commitPrepared(Session s, BranchId branch) throws IOException {
        PreparedTx tx = locks.visible(s, branch);
        Replication r = replication;
        if (r != null) {
            return applier.applyElsewhere(branch.toString(), TxApplier.sorted(tx.ops()), null,
                () -> r.replicate(ReplicatedChange.of(s, ReplicatedChange.Kind.TX_COMMIT, branch.text())));
        }
        TxApplier.Applied applied = applier.apply(s, branch.toString(), TxApplier.sorted(tx.ops()), null, () -> forget(s, branch, NamespaceOp.TX_COMMIT));
        locks.remove(tx);
        return applied;
    }

    private void rollback(Session s, BranchId branch) throws IOException {
        if (s.staged().remove(branch) != null) {
            return; // never left this session: nothing to undo anywhere
        }
        PreparedTx tx = locks.visible(s, branch);
        Replication r = replication;
        if (r != null) {
            r.replicate(ReplicatedChange.of(s, ReplicatedChange.Kind.TX_ROLLBACK, branch.text()));
            return;
        }
        forget(s, branch, NamespaceOp.TX_ROLLBACK);
        locks.remove(tx);
    }

    // ---- a replicated group's log, applied by every member (ChangeApplier, on Ratis's applying thread) ----

    /** Locks and saves a branch the leader has checked. */
    void applyPrepare(Session s, BranchId branch, SortedMap<String, List<TxOp>> ops) throws IOException {
        if (!journal.enabled()) {
            throw new ServerErrorException(Status.JOURNAL_UNAVAILABLE, "this member runs without a journal, so it"
                + " cannot prepare transaction " + branch);
        }
        if (locks.contains(branch)) {
            return; // saved before this member restarted, and locked again at its start: the entry is applied again
        }
        PreparedTx tx = new PreparedTx(branch, s.user(), ops);
        locks.add(tx);
        save(s, tx);
    }

    /** Applies a prepared branch's ops and ends it; the leader holds the files' lanes meanwhile. */
    void applyCommit(Session s, BranchId branch) throws IOException {
        PreparedTx tx = locks.get(branch);
        applier.applyUnheld(s, TxApplier.sorted(tx.ops()), () -> forget(s, branch, NamespaceOp.TX_COMMIT));
        locks.remove(tx);
    }

    void applyRollback(Session s, BranchId branch) throws IOException {
        PreparedTx tx = locks.get(branch);
        forget(s, branch, NamespaceOp.TX_ROLLBACK);
        locks.remove(tx);
    }

    /** Journals a prepared branch's end, durably; that entry's row removes the branch from the journal. */
    private void forget(Session s, BranchId branch, NamespaceOp end) throws ServerErrorException {
        journal.namespace(s, end, "", branch.text(), null);
    }

    private StagedBranch takeStaged(Session s, BranchId branch, int chunks) throws IOException {
        StagedBranch staged = s.staged().remove(branch);
        if (staged == null) {
            if (locks.contains(branch)) {
                throw new InvalidArgumentException("transaction branch " + branch + " is already prepared");
            }
            if (chunks == 0) {
                throw new TransactionUnknownException("transaction branch " + branch + " has nothing staged on this node");
            }
            throw lost(branch, 0, chunks);
        }
        if (staged.chunks() != chunks) {
            throw lost(branch, staged.chunks(), chunks);
        }
        return staged;
    }

    /** The staged ops by the path key of their file now, sorted; every channel must still be open. */
    private static SortedMap<String, List<TxOp>> byKey(Session s, StagedBranch staged) throws ChannelClosedException {
        SortedMap<String, List<TxOp>> ops = new TreeMap<>();
        for (Map.Entry<OpenFile, List<TxOp>> e : staged.ops().entrySet()) {
            OpenFile f = e.getKey();
            if (s.files().get(f.handle()) != f) {
                throw new ChannelClosedException("the channel on '" + f.file().key() + "' was closed after transaction "
                    + staged.id() + " staged writes on it; the transaction is rolled back");
            }
            ops.computeIfAbsent(f.file().key(), k -> new ArrayList<>()).addAll(e.getValue());
        }
        return ops;
    }

    /** By path key, the oldest version the transaction began at on the file (through any of its channels). */
    private static Map<String, Long> bases(StagedBranch staged) {
        Map<String, Long> out = new TreeMap<>();
        staged.bases().forEach((f, base) -> out.merge(f.file().key(), base, Math::min));
        return out;
    }

    private static TransactionUnknownException lost(BranchId branch, int have, int got) {
        return new TransactionUnknownException("staged work of transaction " + branch + " was lost (this session holds "
            + have + " chunks, the client sent " + got + "): the session that staged it ended; the transaction is rolled back");
    }

    private static ServerErrorException unavailable(JournalUnavailableException e) {
        return new ServerErrorException(Status.JOURNAL_UNAVAILABLE, "the journal is unavailable: " + e.getMessage());
    }

    /** At start: the prepared branches in the journal, locked again, so they can be committed or rolled back. */
    static int restore(JournalStore store, TxLocks locks) {
        int n = 0;
        for (PreparedBranch b : store.preparedBranches()) {
            List<PreparedOp> rows = store.preparedOps(b.getBranchKey());
            if (rows.size() != b.getOpCount()) {
                LOG.log(System.Logger.Level.ERROR, "prepared transaction {0} has {1} of its {2} ops in the journal; not restored",
                    b.getBranchKey(), rows.size(), b.getOpCount());
                continue;
            }
            Map<String, List<TxOp>> ops = new TreeMap<>();
            for (PreparedOp r : rows) {
                ops.computeIfAbsent(r.getPath(), k -> new ArrayList<>())
                    .add(r.isTruncate() ? TxOp.truncate(r.getPosition())
                        : TxOp.write(r.getPosition(), store.payloads().data(r)).loggedAt(r.dataReference())); // from the log
            }
            try {
                locks.add(new PreparedTx(BranchId.parse(b.getBranchKey()), b.getUser(), ops));
                n++;
            } catch (dev.cage.protocol.TransactionConflictException e) {
                LOG.log(System.Logger.Level.ERROR, "prepared transaction {0} overlaps another: {1}", b.getBranchKey(), e.getMessage());
            }
        }
        if (n > 0) {
            LOG.log(System.Logger.Level.INFO, "{0} prepared transactions await commit or rollback; their files are locked", n);
        }
        return n;
    }
}
