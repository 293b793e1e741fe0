package dev.cage.client;

import dev.cage.protocol.BranchId;
import dev.cage.protocol.CageException;
import dev.cage.protocol.Frame;
import dev.cage.protocol.InvalidArgumentException;
import dev.cage.protocol.ReadOnlyChannelException;
import dev.cage.protocol.message.TxCommitRequest;
import dev.cage.protocol.message.TxPrepareRequest;
import dev.cage.protocol.message.TxRollbackRequest;
import dev.cage.protocol.message.TxStageRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes and truncates on any number of channels, on any number of servers, that become visible to others all at
 * once at {@link #commit()}, or not at all. Made by {@link Cage#beginTransaction()}.
 *
 * <p>Until prepare or commit, the work is staged in this client's memory: nothing reaches a server, so
 * {@link #rollback()} before prepare costs nothing. Reads through the transaction see the committed bytes (through
 * the Cage's page cache) with its own staged work laid over them; others see nothing of it (isolation: read
 * committed, plus own writes). {@link #prepare} (phase 1 of two-phase commit, what an {@code XAResource} calls) sends
 * each server its part, which the server makes durable in its journal and locks the touched files against every
 * other writer until {@link #commit()} or {@link #rollback()} (or, after a crash, {@link Cage#commitPrepared} /
 * {@link Cage#rollbackPrepared}). At commit each server applies its part atomically: no reader sees some of it and
 * not the rest. One isolation rule holds for every path: first committer wins. A transaction whose written ranges
 * were changed by another commit (or plain write) after it began on the file fails at commit (or prepare) with
 * {@link dev.cage.protocol.TransactionConflictException}, naming the file and the range, and nothing of it is applied.
 *
 * <p>Namespace operations (create, rename, remove, mkdir) are not transactional; a file must exist and be open
 * with a writable mode to be written in a transaction.
 *
 * <p>Threads: meant for one user thread at a time (as a JTA transaction is); its methods are synchronized, so
 * several threads do not corrupt it either.
 */
public final class CageTransaction {
    private enum State { ACTIVE, PREPARED, PREPARED_READ_ONLY, COMMITTED, ROLLED_BACK }

    /** Room in a TX_STAGE frame for its fields other than ops (branch id up to 140 bytes, chunk, handle, count). */
    private static final int STAGE_HEADER = 256;
    private static final int OP_HEADER = 1 + 8 + 4;

    private final Cage cage;
    private final TxStaging staging = new TxStaging();
    /** By channel, the file's version this client knew when the transaction first used it: where it began there. */
    private final Map<CageChannel, Long> began = new HashMap<>();
    private State state = State.ACTIVE;
    private TxId preparedAs;
    private List<String> preparedOn = List.of();

    CageTransaction(Cage cage) {
        this.cage = cage;
    }

    // ---- staging ----

    /** Stages a write of {@code data} at {@code offset}; see {@link #write(CageChannel, long, byte[], int, int)}. */
    public void write(CageChannel ch, long offset, byte[] data) throws CageException {
        write(ch, offset, data, 0, data.length);
    }

    /**
     * Stages a write of {@code src[off..off+len)} at {@code offset} (copied: the array may be reused at once).
     *
     * @throws ReadOnlyChannelException if the channel was opened {@code SHARED_READ}
     * @throws dev.cage.protocol.ChannelClosedException if the channel is closed
     * @throws InvalidArgumentException for a negative offset or a range outside {@code src}
     * @throws IllegalStateException once the transaction is prepared or finished
     */
    public synchronized void write(CageChannel ch, long offset, byte[] src, int off, int len) throws CageException {
        requireWritable(ch);
        if (offset < 0 || off < 0 || len < 0 || off > src.length - len || offset > Long.MAX_VALUE - len) {
            throw new InvalidArgumentException("write of [" + off + ", " + off + "+" + len + ") of an array of "
                + src.length + " at " + offset + " is out of range");
        }
        beginOn(ch);
        staging.write(ch, offset, Arrays.copyOfRange(src, off, off + len));
    }

    /**
     * Stages setting the file's size: cutting it, or extending it with zeros.
     *
     * @throws ReadOnlyChannelException if the channel was opened {@code SHARED_READ}
     * @throws InvalidArgumentException for a negative size
     */
    public synchronized void truncate(CageChannel ch, long size) throws CageException {
        requireWritable(ch);
        if (size < 0) {
            throw new InvalidArgumentException("negative size " + size);
        }
        beginOn(ch);
        staging.truncate(ch, size);
    }

    /**
     * Notes the version of the file this client knows now, if the transaction has not used the channel before: at
     * commit, a change the server made after it to a range this transaction writes makes the commit fail
     * ({@link dev.cage.protocol.TransactionConflictException}: first committer wins).
     */
    private void beginOn(CageChannel ch) throws CageException {
        if (!began.containsKey(ch)) {
            cage.putPages(ch); // this client's earlier plain writes to the file come before the transaction
            began.put(ch, ch.knownVersion());
        }
    }

    // ---- reads ----

    /** Up to {@code length} bytes at {@code offset} as this transaction sees them; fewer only at its end of file. */
    public byte[] read(CageChannel ch, long offset, int length) throws CageException {
        byte[] dst = new byte[length];
        int n = read(ch, offset, dst, 0, length);
        return n == length ? dst : Arrays.copyOf(dst, Math.max(0, n));
    }

    /**
     * Reads into {@code dst[off..off+len)} what this transaction sees at {@code offset}: the committed bytes (through
     * the page cache) with its own staged writes and truncates laid over them.
     *
     * @return the bytes read, fewer than {@code len} only at the end of the file; -1 if {@code offset} is at or past
     *     the end (and {@code len} is not 0)
     */
    public synchronized int read(CageChannel ch, long offset, byte[] dst, int off, int len) throws CageException {
        ch.requireOpen();
        if (offset < 0 || off < 0 || len < 0 || off > dst.length - len) {
            throw new InvalidArgumentException("read of [" + off + ", " + off + "+" + len + ") of an array of "
                + dst.length + " at " + offset + " is out of range");
        }
        if (len == 0) {
            return 0;
        }
        beginOn(ch);
        long size = size(ch);
        if (offset >= size) {
            return -1;
        }
        int n = (int) Math.min(len, size - offset);
        int committed = Math.max(0, cage.read(ch, offset, dst, off, n));
        Arrays.fill(dst, off + committed, off + n, (byte) 0);
        staging.overlay(ch, offset, dst, off, n);
        return n;
    }

    /** The file's size as this transaction sees it (the committed size after its own staged work). */
    public synchronized long size(CageChannel ch) throws CageException {
        return staging.size(ch, cage.stat(ch).size());
    }

    /** Whether nothing is staged: such a transaction prepares to "read only" and commits without a word to a server. */
    public synchronized boolean isReadOnly() {
        return staging.isEmpty();
    }

    /** The servers this transaction has staged work for. */
    public synchronized Set<String> servers() {
        return Set.copyOf(staging.servers());
    }

    /**
     * Whether this client has heard of a change to a file this transaction writes (another commit, or a plain
     * write) made after the transaction began on it: then its commit may fail as a conflict, and a caller that must
     * learn that before committing can {@link #prepare} now. A hint, not the check: a change still on its way here is
     * not heard yet, and a change to other bytes of the file does not conflict. Prepare and commit decide.
     */
    public synchronized boolean heardChangeSinceBegan() {
        for (CageChannel ch : staging.channels()) {
            Long began = this.began.get(ch);
            if (began != null && ch.knownVersion() > began) {
                return true;
            }
        }
        return false;
    }

    // ---- two-phase commit ----

    /**
     * Phase 1: sends each server its staged work under {@code id}; each makes it durable in its journal and locks
     * the files it touches. If any server refuses (a file locked by another prepared transaction, no journal, the
     * connection lost), every server this transaction reached is rolled back, the transaction is over, and the
     * refusal is thrown: a vote to roll back.
     *
     * @return {@code false} (and nothing is sent) if nothing is staged: there is nothing to commit
     * @throws dev.cage.protocol.FileLockedException if a touched file is locked by another prepared transaction
     * @throws dev.cage.protocol.ServerErrorException with status {@code JOURNAL_UNAVAILABLE} if a server has no
     *     (working) journal to make the work durable in
     * @throws IllegalStateException if the transaction was prepared or finished already
     */
    public synchronized boolean prepare(TxId id) throws CageException {
        requireState(State.ACTIVE, "prepare");
        if (staging.isEmpty()) {
            state = State.PREPARED_READ_ONLY;
            return false;
        }
        List<String> done = new ArrayList<>();
        BranchId branch = id.wire();
        try {
            pushCachedWrites();
            for (String server : staging.servers()) {
                done.add(server);
                ServerLink link = cage.link(server);
                int chunks = stage(link, branch, server);
                link.call(new TxPrepareRequest(branch, chunks), false).release();
            }
        } catch (CageException | RuntimeException e) {
            for (String server : done) {
                rollbackQuietly(server, branch, e);
            }
            state = State.ROLLED_BACK;
            staging.clear();
            throw e;
        }
        preparedAs = id;
        preparedOn = List.copyOf(done);
        staging.clear();
        state = State.PREPARED;
        return true;
    }

    /**
     * Commits. After {@link #prepare}: phase 2 on every server. Without: one phase (on one server a single request
     * that stages and applies atomically; on several, a prepare under a generated id, then phase 2). Once this returns,
     * every client reads the new bytes, this Cage's page cache included.
     *
     * @throws dev.cage.protocol.FileLockedException (one phase) if a touched file is locked by a prepared transaction;
     *     the transaction is then rolled back
     * @throws IllegalStateException if the transaction is finished already
     */
    public synchronized void commit() throws CageException {
        switch (state) {
            case PREPARED_READ_ONLY -> state = State.COMMITTED;
            case PREPARED -> {
                CageException first = null;
                for (String server : preparedOn) {
                    try {
                        cage.commitPrepared(server, preparedAs);
                    } catch (CageException e) {
                        first = first == null ? e : first;
                    }
                }
                state = State.COMMITTED;
                if (first != null) {
                    throw first;
                }
            }
            case ACTIVE -> {
                if (staging.isEmpty()) {
                    state = State.COMMITTED;
                } else if (staging.servers().size() > 1) {
                    prepare(TxId.random());
                    commit();
                } else {
                    commitOnePhase(staging.servers().iterator().next());
                }
            }
            default -> throw new IllegalStateException("the transaction is already " + state.name().toLowerCase().replace('_', ' '));
        }
    }

    /**
     * Rolls back. Before prepare: forgets the staged work (no server ever saw it). After: rolls back on every server,
     * which unlocks the files and leaves no trace of the transaction.
     *
     * @throws IllegalStateException if the transaction was committed
     */
    public synchronized void rollback() throws CageException {
        switch (state) {
            case ACTIVE, PREPARED_READ_ONLY -> staging.clear();
            case PREPARED -> {
                CageException first = null;
                for (String server : preparedOn) {
                    try {
                        cage.rollbackPrepared(server, preparedAs);
                    } catch (CageException e) {
                        first = first == null ? e : first;
                    }
                }
                state = State.ROLLED_BACK;
                if (first != null) {
                    throw first;
                }
            }
            case ROLLED_BACK -> {
                return;
            }
            default -> throw new IllegalStateException("the transaction is already committed");
        }
        state = State.ROLLED_BACK;
    }

    private void commitOnePhase(String server) throws CageException {
        BranchId branch = TxId.random().wire();
        ServerLink link = cage.link(server);
        try {
            pushCachedWrites();
            int chunks = stage(link, branch, server);
            Frame reply = link.call(new TxCommitRequest(branch, true, chunks), false);
            cage.committed(server, reply);
        } catch (CageException | RuntimeException e) {
            rollbackQuietly(server, branch, e);
            state = State.ROLLED_BACK;
            staging.clear();
            throw e;
        }
        staging.clear();
        state = State.COMMITTED;
    }

    /** Sends one server's staged ops in TX_STAGE frames that fit its frame limit; returns how many were sent. */
    private int stage(ServerLink link, BranchId branch, String server) throws CageException {
        int budget = link.maxData() - STAGE_HEADER;
        List<TxStaging.Op> batch = new ArrayList<>();
        CageChannel current = null;
        int used = 0;
        int chunks = 0;
        for (TxStaging.Op op : staging.on(server)) {
            for (TxStaging.Op piece : pieces(op, budget - OP_HEADER)) {
                int size = OP_HEADER + (piece.truncate() ? 0 : piece.data().length);
                if (!batch.isEmpty() && (piece.channel() != current || used + size > budget)) {
                    send(link, branch, chunks++, current, batch);
                    batch.clear();
                    used = 0;
                }
                current = piece.channel();
                batch.add(piece);
                used += size;
            }
        }
        if (!batch.isEmpty()) {
            send(link, branch, chunks++, current, batch);
        }
        return chunks;
    }

    private static List<TxStaging.Op> pieces(TxStaging.Op op, int max) {
        if (op.truncate() || op.data().length <= max) {
            return List.of(op);
        }
        List<TxStaging.Op> out = new ArrayList<>();
        for (int from = 0; from < op.data().length; from += max) {
            int to = Math.min(op.data().length, from + max);
            out.add(new TxStaging.Op(op.channel(), op.position() + from, Arrays.copyOfRange(op.data(), from, to)));
        }
        return out;
    }

    private void send(ServerLink link, BranchId branch, int chunk, CageChannel ch, List<TxStaging.Op> ops)
        throws CageException {
        long base = began.getOrDefault(ch, ch.knownVersion());
        link.call(() -> new TxStageRequest(branch, chunk, ch.handle(), base, ops.stream().map(CageTransaction::wire).toList()),
            false).release();
    }

    /** The staged bytes are not copied: encoding copies them once, into the frame. */
    private static TxStageRequest.Op wire(TxStaging.Op op) {
        return op.truncate() ? TxStageRequest.Op.truncate(op.position()) : TxStageRequest.Op.write(op.position(), op.data());
    }

    /** This client's earlier (non-transactional) cached writes to the files reach the server before the transaction's. */
    private void pushCachedWrites() throws CageException {
        for (CageChannel ch : staging.channels()) {
            ch.requireOpen();
            cage.putPages(ch);
        }
    }

    private void rollbackQuietly(String server, BranchId branch, Exception cause) {
        try {
            cage.link(server).call(new TxRollbackRequest(branch), false).release();
        } catch (CageException e) {
            // Unknown there (it never got that far), or unreachable: what it staged dies with the session.
            cause.addSuppressed(e);
        }
    }

    private void requireWritable(CageChannel ch) throws CageException {
        requireState(State.ACTIVE, "stage work in");
        ch.requireOpen();
        if (!ch.mode().writable()) {
            throw new ReadOnlyChannelException("channel on '" + ch.server() + ":" + ch.path() + "' was opened "
                + ch.mode() + " and cannot write, in a transaction or not");
        }
    }

    private void requireState(State wanted, String action) {
        if (state != wanted) {
            throw new IllegalStateException("cannot " + action + " a transaction that is "
                + state.name().toLowerCase().replace('_', ' '));
        }
    }
}
