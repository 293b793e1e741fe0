package dev.cage.server;

import dev.cage.protocol.ServerErrorException;
import dev.cage.protocol.Status;
import dev.cage.server.journal.ChangeOrigin;
import dev.cage.server.journal.FileRecord;
import dev.cage.server.journal.JournalEntry;
import dev.cage.server.journal.JournalStore;
import dev.cage.server.journal.JournalUnavailableException;
import dev.cage.server.journal.NamespaceOp;
import dev.cage.server.journal.NamespaceRecord;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The node's side of the operation journal: every change is written ahead, durable before the file or
 * directory changes and before the client hears "done"; reads and opens are noted without waiting.
 *
 * <p>Checkpoints: every change runs between {@link #begin()} and closing what it returns (a read lock);
 * a checkpoint takes the write lock, so at that moment every journaled change has also been applied. It
 * forces the files touched since the last checkpoint to disk and records CHECKPOINT with the newest seq:
 * recovery after a crash replays only what came after it.
 */
final class Journaling implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Journaling.class.getName());
    private final JournalStore store;
    private final boolean reads;
    private final Clock clock;
    private final Storage tree;
    private final Storage trash;
    private final Path trashDir;
    private final ReentrantReadWriteLock checkpointLock = new ReentrantReadWriteLock();
    private final AtomicLong newestSeq = new AtomicLong();
    private final Set<Path> touched = ConcurrentHashMap.newKeySet();

    private final java.time.Duration retention;
    /** The group log's change the calling thread applies now, if any (see {@link #applying}). */
    private final ThreadLocal<Applying> applying = new ThreadLocal<>();
    /** The latest group log change journaled (at open: as the journal found it); {@code null} outside a group. */
    private volatile ChangeOrigin newestOrigin;

    /**
     * @param tree the served tree, where the checkpoint forces what changed
     * @param trash where removed files are kept (the {@code trash} directory in the node's data directory)
     */
    Journaling(JournalStore store, boolean reads, Clock clock, Storage tree, Storage trash, java.time.Duration retention)
        throws IOException {
        this.retention = retention;
        this.store = store;
        this.reads = reads;
        this.clock = clock;
        this.tree = tree;
        this.trash = trash;
        this.trashDir = trash.resolve("");
        if (store != null) {
            newestSeq.set(store.lastCheckpointSeq());
            newestOrigin = store.newestOrigin();
        }
    }

    boolean enabled() {
        return store != null;
    }

    JournalStore store() {
        return store;
    }

    /** Where removed files are kept (their bytes are needed to roll a remove back). */
    Path trash() {
        return trashDir;
    }

    /** The trash, by trash ref (the name a removed file is kept under). */
    Storage trashStorage() {
        return trash;
    }

    /** The served tree, by key. */
    Storage treeStorage() {
        return tree;
    }

    /** A change in progress: a checkpoint cannot happen until it is closed. */
    interface Change extends AutoCloseable {
        @Override
        void close();
    }

    Change begin() {
        checkpointLock.readLock().lock();
        return () -> checkpointLock.readLock().unlock();
    }

    /**
     * Until the returned scope is closed, the calling thread applies change {@code change} of the group's log entry
     * {@code index}: each entry it journals says so ({@link ChangeOrigin}), and its first {@code journaled} entries
     * are not journaled again (they were before a restart, which resumes the change after them; applying them again
     * rewrites the same bytes, or is refused because the name change happened).
     */
    Change applying(long index, int change, int journaled) {
        Applying before = applying.get();
        applying.set(new Applying(index, change, journaled));
        return () -> applying.set(before);
    }

    /** The latest change of the group's log journaled here, or {@code null}: where a restarted member resumes. */
    ChangeOrigin newestOrigin() {
        return newestOrigin;
    }

    /** Journals a write, durably; returns when it may be applied. */
    void write(Session s, String path, long offset, byte[] newBytes, byte[] oldBytes, long oldSize, long newSize)
        throws ServerErrorException {
        write(s, path, offset, newBytes, oldBytes, oldSize, newSize, null);
    }

    /**
     * As {@link #write(Session, String, long, byte[], byte[], long, long)}; {@code newBytesLogged}, if not null, is
     * where the new bytes already lie in the journal's log (a prepared transaction's), so only the old go there.
     */
    void write(Session s, String path, long offset, byte[] newBytes, byte[] oldBytes, long oldSize, long newSize,
               Long newBytesLogged) throws ServerErrorException {
        FileRecord r = FileRecord.write(now(), s.id(), path, offset, newBytes, oldBytes, oldSize, newSize);
        if (newBytesLogged != null) {
            r.newBytesLoggedAt(newBytesLogged);
        }
        durable(r);
    }

    void truncate(Session s, String path, byte[] cutOff, long oldSize, long newSize) throws ServerErrorException {
        durable(FileRecord.truncate(now(), s.id(), path, cutOff, oldSize, newSize));
    }

    /** Most bytes one journaled cut holds in memory: a longer cut is journaled and made in steps of this size. */
    static final int CUT_STEP = 16 << 20;

    /**
     * Resizes an open file to {@code size}, journaling what it cuts. A cut of many bytes is made from the end in steps
     * of at most {@link #CUT_STEP}, each journaled before it is made, so no step holds more than that in memory and a
     * rollback undoes the steps in reverse; a crash between steps leaves the file at a step's size, every byte cut so
     * far in the journal. Zeros at the end of a step are not kept (a rollback restores them by size), and a stretch
     * of zeros (a sparse file's hole) takes no step of its own: cutting a huge sparse file costs reading it, not a
     * journal as large as it.
     */
    void resize(Session s, String path, FileChannel ch, long current, long size) throws java.io.IOException {
        if (!enabled() || size >= current) {
            if (enabled()) {
                truncate(s, path, new byte[0], current, size);
            }
            FileBytes.resize(ch, current, size);
            return;
        }
        long end = current;
        for (long at = current; at > size; ) {
            long to = Math.max(size, at - CUT_STEP);
            byte[] cut = FileBytes.read(ch, to, (int) (at - to));
            int kept = withoutTrailingZeros(cut);
            at = to;
            if (kept == 0 && to > size) {
                continue; // zeros only: the next step's record covers them by its sizes
            }
            truncate(s, path, kept == cut.length ? cut : java.util.Arrays.copyOf(cut, kept), end, to);
            FileBytes.resize(ch, end, to);
            end = to;
        }
    }

    /** How many of the bytes are left once the zeros at their end are taken away. */
    private static int withoutTrailingZeros(byte[] bytes) {
        int n = bytes.length;
        while (n > 0 && bytes[n - 1] == 0) {
            n--;
        }
        return n;
    }

    /** Journals a namespace change, durably. */
    void namespace(Session s, NamespaceOp op, String path, String path2, String trashRef) throws ServerErrorException {
        durable(record(s, op, path).path2(path2).trashRef(trashRef));
    }

    /**
     * Notes an event that changes no bytes (open, close, session start and end); does not wait, and does not force
     * the log for it (it rides the next change's force, or is written within a second).
     */
    void note(Session s, NamespaceOp op, String path, String mode) {
        if (store != null) {
            store.appendLazily(record(s, op, path).mode(mode)).whenComplete((seq, e) -> track(seq, e));
        }
    }

    void noteRead(Session s, String path, long offset, long length, long size) {
        if (store != null && reads) {
            store.appendLazily(FileRecord.read(now(), s.id(), path, offset, length, size))
                .whenComplete((seq, e) -> track(seq, e));
        }
    }

    /** A file or directory that changed, to be forced to disk at the next checkpoint. */
    void touched(Path p) {
        touched.add(p);
    }

    /**
     * A rename moved {@code from} to {@code to}: files changed under the old name since the last checkpoint
     * now live under the new one, and must still be forced to disk there.
     */
    void moved(Path from, Path to) {
        for (Path p : Set.copyOf(touched)) {
            if (p.startsWith(from)) {
                touched.remove(p);
                touched.add(to.resolve(from.relativize(p)));
            }
        }
        touched.add(to);
    }

    /** What the next checkpoint will force to disk. */
    Set<Path> touchedPaths() {
        return Set.copyOf(touched);
    }

    /**
     * Forces what changed to disk and records how far recovery need not look back; whether it did (not without a
     * journal, nor when the journal failed, which is logged).
     */
    boolean checkpoint() {
        if (store == null) {
            return false;
        }
        checkpointLock.writeLock().lock();
        try {
            for (Path p : Set.copyOf(touched)) {
                touched.remove(p);
                force(p);
            }
            long upTo = newestSeq.get();
            NamespaceRecord checkpoint = new NamespaceRecord(now(), 0, "node", "", NamespaceOp.CHECKPOINT,
                String.valueOf(upTo));
            ChangeOrigin origin = newestOrigin;
            if (origin != null) {
                checkpoint.recordsChange(origin); // the scan at open starts here, so it says which change came last
            }
            durable(checkpoint);
            prune();
            return true;
        } catch (ServerErrorException e) {
            LOG.log(System.Logger.Level.WARNING, "checkpoint failed: " + e.getMessage());
            return false;
        } finally {
            checkpointLock.writeLock().unlock();
        }
    }

    /** Drops entries older than the retention window, and the removed files only they still needed. */
    private void prune() {
        OffsetDateTime cutoff = now().minus(retention);
        int pruned = store.pruneBefore(cutoff);
        long cutoffMillis = cutoff.toInstant().toEpochMilli();
        try {
            for (String ref : trash.list("")) {
                if (trashMillis(ref) < cutoffMillis) {
                    trash.deleteIfExists(ref);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not prune the trash: " + e.getMessage());
        }
        if (pruned > 0) {
            LOG.log(System.Logger.Level.INFO, "pruned {0} journal entries older than {1}", pruned, cutoff);
        }
    }

    /** A name for a removed file in the trash, starting with when it was removed, so pruning can find it. */
    String newTrashRef() {
        return clock.millis() + "-" + java.util.UUID.randomUUID();
    }

    private static long trashMillis(String name) {
        int dash = name.indexOf('-');
        try {
            return dash > 0 ? Long.parseLong(name.substring(0, dash)) : Long.MAX_VALUE;
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // not ours: keep it
        }
    }

    private void force(Path p) {
        try {
            tree.force(tree.keyOf(p)); // nothing if renamed or removed since: its new place was touched too
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not force " + p + " to disk: " + e.getMessage());
        }
    }

    private void durable(JournalEntry entry) throws ServerErrorException {
        if (store == null) {
            return;
        }
        Applying change = applying.get();
        ChangeOrigin origin = null;
        if (change != null) {
            int n = change.next++;
            if (n < change.journaled) {
                return; // journaled before this member restarted
            }
            origin = new ChangeOrigin(change.index, change.change, n);
            entry.recordsChange(origin);
        }
        try {
            track(store.appendNow(entry), null);
            if (origin != null) {
                newestOrigin = origin; // one applying thread: origins only grow
            }
        } catch (JournalUnavailableException e) {
            throw new ServerErrorException(Status.JOURNAL_UNAVAILABLE,
                "the journal is unavailable, so the node refuses changes it cannot journal: " + e.getMessage());
        }
    }

    private void track(Long seq, Throwable failure) {
        if (seq != null) {
            newestSeq.accumulateAndGet(seq, Math::max);
        } else if (failure != null) {
            LOG.log(System.Logger.Level.WARNING, "journal note lost: " + failure.getMessage());
        }
    }

    /** The group log's change a thread applies, and how many of its entries it has journaled or passed over. */
    private static final class Applying {
        final long index;
        final int change;
        final int journaled;
        int next;

        Applying(long index, int change, int journaled) {
            this.index = index;
            this.change = change;
            this.journaled = journaled;
        }
    }

    /** A general-journal entry of this session, stamped now. */
    NamespaceRecord record(Session s, NamespaceOp op, String path) {
        return new NamespaceRecord(now(), s.id(), s.user(), String.valueOf(s.clientAddress()), op, path);
    }

    OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    @Override
    public void close() {
        if (store != null) {
            checkpoint();
            store.close();
        }
        trash.close();
    }
}
