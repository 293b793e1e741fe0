package dev.cage.server.journal;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import dev.cage.server.wal.LogConfig;
import dev.cage.server.wal.LogPosition;
import dev.cage.server.wal.LogStats;
import org.eclipse.persistence.exceptions.EclipseLinkException;

/**
 * A node's operation journal: appends entries to a write-ahead log with group commit, keeps a queryable row of each
 * in the database, and answers the queries rollback, replay and crash recovery need. One per node; every method may
 * be called from any thread.
 *
 * <p>The log ({@link JournalConfig#logDir()}) is where an entry becomes durable: {@link #append} gives it the next
 * seq, writes its record (with a write's new and old bytes) and completes once that record is forced to disk, many
 * appenders sharing one force. Its row (everything but the bytes, and where they lie) is written to the database
 * after that, in batches, by one writer thread; read the bytes back through {@link #payloads()}. After a crash,
 * {@link #open} rebuilds the rows the database lacks from the log before anything is served. If the database goes
 * away, appends still succeed (their rows wait, up to {@link JournalConfig#maxBacklog()}) and queries fail.
 *
 * <p>Notes ({@link #appendLazily}: opens, closes, reads, sessions) do not force the log on their own: they are
 * written with the next append, or within {@value #NOTE_DELAY_MS} ms, so a crash may lose the notes of its last
 * second but never a change.
 *
 * <p>Queries see every entry appended before they began: each first waits until those rows are committed. The
 * {@code forEach} methods page through large results; the methods returning lists load every match and are meant
 * for bounded ranges.
 */
public final class JournalStore implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(JournalStore.class.getName());
    /** How long a note may wait for an append to ride with before it is written on its own. */
    static final long NOTE_DELAY_MS = 1000;
    private final EntityManagerFactory emf;
    private final GroupCommitter committer;
    private final EntryPager pager;
    private final Dialect dialect;
    private final JournalLog log;
    /** How often at most the retention looks for log segments no row needs (a scan of the rows; see pruneBefore). */
    static final long SEGMENT_SWEEP_NANOS = TimeUnit.MINUTES.toNanos(10);
    // Pruning only (under the node's checkpoint lock): rows were deleted since the last sweep, and when that was.
    private boolean sweepOwed;
    private long lastSweepNanos;
    private final JournalPayloads payloads;
    private final ScheduledExecutorService noteWriter;
    /** Orders appends: seq order is log order is the committer's queue order. Guards the two fields below. */
    private final Object appendLock = new Object();
    private long nextSeq;
    private final List<HeldNote> heldNotes = new ArrayList<>();
    private volatile boolean closed;
    /** Found at open: see {@link #newestOrigin()}. */
    private final ChangeOrigin newestOrigin;

    private JournalStore(EntityManagerFactory emf, Dialect dialect, JournalConfig config, JournalLog log, long nextSeq,
                         ChangeOrigin newestOrigin) {
        this.newestOrigin = newestOrigin;
        this.emf = emf;
        this.dialect = dialect;
        this.log = log;
        this.nextSeq = nextSeq;
        this.payloads = new JournalPayloads(log);
        this.committer = new GroupCommitter(emf, dialect, config);
        this.pager = new EntryPager(emf, config.pageSize());
        this.noteWriter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cage-journal-notes");
            t.setDaemon(true);
            return t;
        });
        noteWriter.scheduleWithFixedDelay(this::writeHeldNotes, NOTE_DELAY_MS, NOTE_DELAY_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Opens the journal: first its write-ahead log (recovering its tail; what it cut is logged), then the database,
     * creating its tables and indexes if they are missing and adding columns that are missing from existing tables;
     * existing entries are kept. A fresh database is stamped with the journal format; one of another format is
     * refused ({@link JournalFormat}). Then the rows of the entries the log has and the database lacks (a crash came
     * between) are written, before this returns.
     *
     * @throws JournalUnavailableException if the log cannot be opened or holds a damaged acknowledged record, the
     *                                     database cannot be reached, refuses the login or is corrupt, or the journal
     *                                     is of another format
     * @throws IllegalArgumentException    if the configuration names no log directory
     */
    public static JournalStore open(JournalConfig config) {
        return open(config, JournalLog.CONFIG);
    }

    /** As {@link #open(JournalConfig)}, with the log's segments laid out by {@code logConfig} (tests: small ones). */
    static JournalStore open(JournalConfig config, LogConfig logConfig) {
        if (config.logDir() == null) {
            throw new IllegalArgumentException("the journal configuration names no write-ahead log directory: "
                + config);
        }
        Dialect dialect = Dialect.of(config.url());
        JournalLog log = JournalLog.open(config.logDir(), logConfig);
        try {
            JournalFormat.refuseEarlierFormat(config, dialect);
            EntityManagerFactory emf = JournalPersistence.open(config, dialect);
            RowRebuild.Found found;
            try {
                JournalFormat.check(emf, dialect, config.url());
                checkLogMatches(emf, log, config);
                found = RowRebuild.run(emf, log, config.maxBatchRecords());
            } catch (RuntimeException e) {
                emf.close();
                throw e instanceof JournalUnavailableException ? e : new JournalUnavailableException(
                    "cannot open the journal: " + JournalPersistence.rootMessage(e), e);
            }
            return new JournalStore(emf, dialect, config, log, found.newestSeq() + 1, found.newestOrigin());
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
    }

    /**
     * Refuses a database whose rows point past the end of the log: the log is not the one they were written with
     * (another node's data directory, a lost or restored {@code wal} directory), and reading would give wrong bytes
     * or none.
     */
    private static void checkLogMatches(EntityManagerFactory emf, JournalLog log, JournalConfig config) {
        EntityManager em = emf.createEntityManager();
        try {
            Long newest = null;
            for (String jpql : List.of("SELECT MAX(e.newPos) FROM FileRecord e", "SELECT MAX(e.oldPos) FROM FileRecord e",
                "SELECT MAX(e.entryPos) FROM FileRecord e", "SELECT MAX(e.entryPos) FROM NamespaceRecord e",
                "SELECT MAX(o.dataPos) FROM PreparedOp o")) {
                Object max = em.createQuery(jpql).getSingleResult();
                if (max != null) {
                    newest = newest == null ? ((Number) max).longValue() : Math.max(newest, ((Number) max).longValue());
                }
            }
            if (newest != null && !log.holds(newest)) {
                throw new JournalUnavailableException("the journal at " + config.url() + " has entries whose bytes lie"
                    + " at write-ahead log position " + LogPosition.fromLong(newest) + ", but the log in "
                    + config.logDir() + " ends at " + log.end() + ": it is not the log this journal was written with");
            }
        } finally {
            em.close();
        }
    }

    /**
     * The latest change of a group's log that this journal recorded when it was opened (from the log's records since
     * the last checkpoint, the checkpoint's own included), or {@code null}: where a group member resumes applying.
     */
    public ChangeOrigin newestOrigin() {
        return newestOrigin;
    }

    /** Reads the entries' payloads back from the write-ahead log. */
    public JournalPayloads payloads() {
        return payloads;
    }

    /**
     * Appends an entry: gives it the next seq and writes its record to the log, with the notes held before it.
     *
     * @return completes with the entry's seq once its record is durable; fails with
     *     {@link JournalUnavailableException} if it never will be, the store is closed, or too many rows wait for a
     *     database that does not answer
     * @throws IllegalArgumentException if the entry has been appended before
     */
    public CompletableFuture<Long> append(JournalEntry entry) {
        return append(entry, false);
    }

    /** As {@link #append(JournalEntry)}; {@code callerWrites} as {@link JournalLog#appendEntries}'s. */
    private CompletableFuture<Long> append(JournalEntry entry, boolean callerWrites) {
        Objects.requireNonNull(entry, "entry");
        if (entry.getSeq() != 0) {
            throw new IllegalArgumentException("already in the journal as seq " + entry.getSeq() + ": " + entry);
        }
        JournalUnavailableException refused = closed ? new JournalUnavailableException("the journal is closed")
            : committer.refusal();
        if (refused != null) {
            return CompletableFuture.failedFuture(refused);
        }
        synchronized (appendLock) {
            return appendWithHeldNotesLocked(entry, callerWrites);
        }
    }

    /**
     * Appends a note (an entry that changes nothing: an open, a close, a read, a session's start or end) without
     * forcing the log for it: it is written with the next {@link #append}, or within {@value #NOTE_DELAY_MS} ms.
     *
     * @return completes with the entry's seq once its record is durable; fails as {@link #append} does
     */
    public CompletableFuture<Long> appendLazily(JournalEntry entry) {
        Objects.requireNonNull(entry, "entry");
        HeldNote held = new HeldNote(entry, new CompletableFuture<>());
        synchronized (appendLock) {
            if (closed) {
                return CompletableFuture.failedFuture(new JournalUnavailableException("the journal is closed"));
            }
            heldNotes.add(held);
        }
        return held.done;
    }

    /** Writes the held notes to the log now (they still share a force with whatever else is being written). */
    private void writeHeldNotes() {
        synchronized (appendLock) {
            writeHeldNotesLocked();
        }
    }

    private void writeHeldNotesLocked() {
        appendWithHeldNotesLocked(null, false);
    }

    /**
     * Appends the held notes and then {@code entry} (if not null) in one group of the log: one force covers them, so
     * the notes never cost the entry's acknowledgement a force of their own.
     *
     * @return the entry's future, as {@link #append}'s; {@code null} without an entry
     */
    private CompletableFuture<Long> appendWithHeldNotesLocked(JournalEntry entry, boolean callerWrites) {
        JournalUnavailableException refused = committer.refusal();
        List<HeldNote> notes = new ArrayList<>(heldNotes.size());
        List<JournalEntry> together = new ArrayList<>(heldNotes.size() + 1);
        for (HeldNote note : heldNotes) {
            if (refused != null) {
                note.done.completeExceptionally(refused);
            } else {
                notes.add(note);
                together.add(note.entry);
            }
        }
        heldNotes.clear();
        if (entry != null) {
            together.add(entry);
        }
        if (together.isEmpty()) {
            return null;
        }
        List<CompletableFuture<Long>> seqs = appendLocked(together, callerWrites);
        for (int i = 0; i < notes.size(); i++) {
            HeldNote note = notes.get(i);
            seqs.get(i).whenComplete((seq, e) -> {
                if (e != null) {
                    note.done.completeExceptionally(e instanceof CompletionException c ? c.getCause() : e);
                } else {
                    note.done.complete(seq);
                }
            });
        }
        return entry == null ? null : seqs.get(seqs.size() - 1);
    }

    /** Gives each entry the next seq and appends their records in one group; a future of its seq for each. */
    private List<CompletableFuture<Long>> appendLocked(List<JournalEntry> entries, boolean callerWrites) {
        for (JournalEntry entry : entries) {
            entry.assignSeq(nextSeq++);
        }
        List<CompletableFuture<Long>> durable = log.appendEntries(entries, callerWrites);
        List<CompletableFuture<Long>> seqs = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            JournalEntry entry = entries.get(i);
            committer.submit(entry, durable.get(i));
            long seq = entry.getSeq();
            seqs.add(durable.get(i).thenApply(position -> seq));
        }
        return seqs;
    }

    /**
     * Appends and waits until the entry's record is durable.
     *
     * @return the entry's seq
     * @throws JournalUnavailableException if it could not be made durable
     * @throws IllegalArgumentException if the entry has been appended before
     */
    public long appendNow(JournalEntry entry) {
        CompletableFuture<Long> durable;
        try {
            durable = append(entry, true);
        } finally {
            log.writeQueued(); // outside the append lock, so appenders queue behind this write and share the next
        }
        try {
            return durable.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /**
     * The per-file entries of {@code path} (as it was named at the time) from {@code since} (inclusive) to
     * {@code until} (exclusive), in seq order. Either bound may be {@code null} for no bound.
     */
    public List<FileRecord> fileHistory(String path, OffsetDateTime since, OffsetDateTime until) {
        Objects.requireNonNull(path, "path");
        return query(em -> em.createQuery("SELECT e FROM FileRecord e WHERE e.path = :path"
                + " AND e.timeMicros >= :since AND e.timeMicros < :until ORDER BY e.seq", FileRecord.class)
            .setParameter("path", path)
            .setParameter("since", since == null ? Long.MIN_VALUE : JournalEntry.micros(since))
            .setParameter("until", until == null ? Long.MAX_VALUE : JournalEntry.micros(until))
            .getResultList());
    }

    /** Every entry with seq greater than {@code seq}, both kinds, in seq order (loads them all). */
    public List<JournalEntry> entriesAfter(long seq) {
        List<JournalEntry> all = new ArrayList<>();
        forEachAfter(seq, all::add);
        return all;
    }

    /**
     * Hands every entry with seq greater than {@code seq}, both kinds, to {@code action} in seq order, fetching a
     * page at a time: the redo pass after a crash ({@code seq} = {@link #lastCheckpointSeq()}).
     */
    public void forEachAfter(long seq, Consumer<? super JournalEntry> action) {
        pages(EntryPager.Filter.ALL, true, seq, action);
    }

    /** Every entry from {@code from} (inclusive) to {@code to} (exclusive), in seq order (loads them all). */
    public List<JournalEntry> entriesBetween(OffsetDateTime from, OffsetDateTime to) {
        List<JournalEntry> all = new ArrayList<>();
        forEachBetween(from, to, all::add);
        return all;
    }

    /**
     * Hands every entry from {@code from} (inclusive) to {@code to} (exclusive) to {@code action} in seq order,
     * a page at a time: replay onto a backup. Times are those the entries were made with, so near the bounds an
     * entry may be out of time order by as much as appenders' clocks disagree; seq order is the order of record.
     */
    public void forEachBetween(OffsetDateTime from, OffsetDateTime to, Consumer<? super JournalEntry> action) {
        EntryPager.Filter f = EntryPager.Filter.both("e.timeMicros >= :fromUs AND e.timeMicros < :toUs",
            Map.of("fromUs", JournalEntry.micros(from), "toUs", JournalEntry.micros(to)));
        pages(f, true, 0, action);
    }

    /**
     * Entries since {@code t} (inclusive) that concern {@code pathPrefix} or anything under it, newest first:
     * what a rollback of that file or subtree undoes. A rename counts if either of its paths is concerned.
     * {@code ""} means the whole tree.
     */
    public List<JournalEntry> entriesForPathSince(String pathPrefix, OffsetDateTime t) {
        Objects.requireNonNull(pathPrefix, "pathPrefix");
        String time = "e.timeMicros >= :sinceUs";
        Map<String, Object> params = Map.of("sinceUs", JournalEntry.micros(t), "exact", pathPrefix,
            "under", likeEscaped(pathPrefix) + "/%");
        EntryPager.Filter f = pathPrefix.isEmpty()
            ? EntryPager.Filter.both(time, params)
            : new EntryPager.Filter(
                time + " AND (" + matches("e.path") + " OR " + matches("e.path2") + ")",
                time + " AND " + matches("e.path"), params);
        List<JournalEntry> all = new ArrayList<>();
        pages(f, false, Long.MAX_VALUE, all::add);
        return all;
    }

    /** Entries with seq above {@code afterSeq} and time in [fromMicros, toMicros), oldest first, paged. */
    public void forEachInWindow(long afterSeq, long fromMicros, long toMicros, Consumer<? super JournalEntry> action) {
        Map<String, Object> params = Map.of("fromUs", fromMicros, "toUs", toMicros);
        pages(EntryPager.Filter.both("e.timeMicros >= :fromUs AND e.timeMicros < :toUs", params), true, afterSeq, action);
    }

    /** How many entries (of both journals) were journaled at or after {@code t}. */
    public long countSince(OffsetDateTime t) {
        long us = JournalEntry.micros(t);
        return query(em -> em.createQuery("SELECT COUNT(e) FROM NamespaceRecord e WHERE e.timeMicros >= :t", Long.class)
                .setParameter("t", us).getSingleResult())
            + query(em -> em.createQuery("SELECT COUNT(e) FROM FileRecord e WHERE e.timeMicros >= :t", Long.class)
                .setParameter("t", us).getSingleResult());
    }

    /** Every entry since {@code t}, newest first, paged: for undoing them one by one. */
    public void forEachSinceNewestFirst(OffsetDateTime t, Consumer<? super JournalEntry> action) {
        Map<String, Object> params = Map.of("sinceUs", JournalEntry.micros(t));
        pages(EntryPager.Filter.both("e.timeMicros >= :sinceUs", params), false, Long.MAX_VALUE, action);
    }

    /** The seq of the last successful {@link NamespaceOp#CHECKPOINT}, or 0 if there is none. */
    public long lastCheckpointSeq() {
        Long seq = query(em -> em.createQuery("SELECT MAX(e.seq) FROM NamespaceRecord e"
                + " WHERE e.op = :op AND e.outcome = :ok", Long.class)
            .setParameter("op", NamespaceOp.CHECKPOINT)
            .setParameter("ok", NamespaceRecord.OK)
            .getSingleResult());
        return seq == null ? 0 : seq;
    }

    /** Entry counts, blob bytes and the time span of the journal. */
    public JournalStats stats() {
        return query(em -> {
            Object[] ns = span(em, "NamespaceRecord");
            Object[] files = span(em, "FileRecord");
            Number blobs = (Number) em.createNativeQuery("SELECT COALESCE(SUM(NEW_LEN), 0)"
                + " + COALESCE(SUM(OLD_LEN), 0) FROM CAGE_FILE_JOURNAL").getSingleResult();
            return new JournalStats(((Number) ns[0]).longValue(), ((Number) files[0]).longValue(),
                blobs.longValue(), time(ns[1], files[1], true), time(ns[2], files[2], false));
        });
    }

    /**
     * Retention: deletes entries older than {@code t} that come before the last checkpoint. Entries from the last
     * checkpoint on are kept whatever their age, since crash recovery needs them; with no checkpoint nothing is
     * deleted. Then the write-ahead log segments that hold only records no row needs any more are deleted: call it
     * only while no prepare is between its staged bytes and its rows (the node prunes under its checkpoint lock,
     * which every prepare holds).
     *
     * <p>Runs at every checkpoint, so it costs what it deletes, not what the journal holds: the delete goes by the
     * time index, and the sweep for segments (which scans the rows for the oldest payload they point at) runs at most
     * every {@link #SEGMENT_SWEEP_NANOS} while deletes are owed one.
     *
     * @return how many entries were deleted
     */
    public int pruneBefore(OffsetDateTime t) {
        long checkpoint = lastCheckpointSeq();
        if (checkpoint == 0) {
            return 0;
        }
        long before = JournalEntry.micros(t);
        LogPosition rowed = log.end(); // every entry before it has its row once query() has waited for the rows
        return query(em -> {
            em.getTransaction().begin();
            int n = 0;
            for (String entity : List.of("NamespaceRecord", "FileRecord")) {
                // "seq + 0": with a plain "seq <" H2 walks the primary key from the first row to the checkpoint (all
                // of the journal, every checkpoint: 280 ms at a million rows) and tests each row's time; this way it
                // takes the time index, and only the rows old enough to go.
                n += em.createQuery("DELETE FROM " + entity + " e WHERE e.timeMicros < :before AND e.seq + 0 < :cp")
                    .setParameter("before", before)
                    .setParameter("cp", checkpoint)
                    .executeUpdate();
            }
            em.getTransaction().commit();
            if (segmentSweepDue(n > 0)) {
                Long referenced = oldestReferenced(em);
                LogPosition oldestNeeded = referenced == null || LogPosition.fromLong(referenced).compareTo(rowed) > 0
                    ? rowed : LogPosition.fromLong(referenced);
                int segments = log.deleteBefore(oldestNeeded);
                if (segments > 0) {
                    LOG.log(System.Logger.Level.INFO, "deleted {0} write-ahead log segments no entry needs", segments);
                }
            }
            return n;
        });
    }

    /**
     * Whether the segments should be swept now: rows were deleted (now or since the last sweep) and the last sweep is
     * {@link #SEGMENT_SWEEP_NANOS} ago. Pruning only: called under the node's checkpoint lock.
     */
    private boolean segmentSweepDue(boolean deleted) {
        sweepOwed |= deleted;
        long now = System.nanoTime();
        if (!sweepOwed || lastSweepNanos != 0 && now - lastSweepNanos < SEGMENT_SWEEP_NANOS) {
            return false;
        }
        sweepOwed = false;
        lastSweepNanos = now;
        return true;
    }

    /** The smallest log position a row still points at, or {@code null} if none does. */
    private static Long oldestReferenced(EntityManager em) {
        Long oldest = null;
        for (String jpql : List.of("SELECT MIN(e.newPos) FROM FileRecord e", "SELECT MIN(e.oldPos) FROM FileRecord e",
            "SELECT MIN(o.dataPos) FROM PreparedOp o")) {
            Object min = em.createQuery(jpql).getSingleResult();
            if (min != null) {
                long p = ((Number) min).longValue();
                oldest = oldest == null ? p : Math.min(oldest, p);
            }
        }
        return oldest;
    }

    /**
     * Phase 1 of a transaction branch: puts the writes' bytes in the write-ahead log, then, once they are durable,
     * stores the branch with its ops in one database transaction and returns once that is durable (committed and,
     * for H2, forced to disk). Prepares are rare and large, so they do not queue behind the group committer's small
     * entries. Its staged bytes are unreferenced if the rows are not committed. The branch is removed by the row of
     * the entry that ends it ({@link NamespaceOp#TX_COMMIT}, {@link NamespaceOp#TX_ROLLBACK}, path2 its key).
     *
     * @throws JournalUnavailableException if it could not be made durable (nothing of it is then kept)
     * @throws IllegalArgumentException if {@code ops} does not hold {@code branch.getOpCount()} ops of that branch
     */
    public void savePrepared(PreparedBranch branch, List<PreparedOp> ops) {
        if (ops.size() != branch.getOpCount()
            || ops.stream().anyMatch(o -> !o.getBranchKey().equals(branch.getBranchKey()))) {
            throw new IllegalArgumentException("a branch of " + branch.getOpCount() + " ops was given " + ops.size()
                + " ops, or ops of another branch");
        }
        List<CompletableFuture<Long>> logged = new ArrayList<>(ops.size());
        for (PreparedOp op : ops) {
            logged.add(log.appendStaged(op.pendingData()));
        }
        try {
            CompletableFuture.allOf(logged.toArray(CompletableFuture[]::new)).join(); // one group force for all
        } catch (CompletionException e) {
            throw e.getCause() instanceof JournalUnavailableException u ? u
                : new JournalUnavailableException("the journal's write-ahead log failed: " + e.getMessage(), e);
        }
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i).pendingData() != null) {
                ops.get(i).logged(logged.get(i).join());
            }
        }
        query(em -> {
            em.getTransaction().begin();
            em.persist(branch);
            for (PreparedOp op : ops) {
                em.persist(op);
            }
            em.getTransaction().commit();
            dialect.forceToDisk(em);
            return null;
        });
    }

    /** Every prepared branch, oldest first: what a node locks again at start. */
    public List<PreparedBranch> preparedBranches() {
        return query(em -> em.createQuery("SELECT b FROM PreparedBranch b ORDER BY b.timeMicros, b.branchKey",
            PreparedBranch.class).getResultList());
    }

    /** A prepared branch's ops, in the order they apply (their bytes through {@link #payloads()}). */
    public List<PreparedOp> preparedOps(String branchKey) {
        Objects.requireNonNull(branchKey, "branchKey");
        return query(em -> em.createQuery("SELECT o FROM PreparedOp o WHERE o.branchKey = :k ORDER BY o.opNo",
            PreparedOp.class).setParameter("k", branchKey).getResultList());
    }

    /** Successful group commits of rows since the store was opened (fewer than appends when batching works). */
    public long commitCount() {
        return committer.commits();
    }

    /** Records, bytes and forced writes of the write-ahead log since the store was opened. */
    public LogStats logStats() {
        return log.stats();
    }

    /** Entries whose rows are not in the database yet. */
    public int rowsBehind() {
        return committer.pending();
    }

    /**
     * Writes the held notes, makes everything appended durable and commits its rows, then closes the database
     * connections and the log. Appends after this fail.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        noteWriter.shutdownNow();
        synchronized (appendLock) {
            closed = true;
            writeHeldNotesLocked();
        }
        log.close(); // records in flight become durable, so the committer can write their rows
        committer.close();
        emf.close();
    }

    private void pages(EntryPager.Filter filter, boolean ascending, long cursor, Consumer<? super JournalEntry> a) {
        Objects.requireNonNull(a, "action");
        guarded(() -> {
            pager.forEach(filter, ascending, cursor, a);
            return null;
        });
    }

    /** Runs a read (or a bulk delete) on an EntityManager of its own. */
    private <T> T query(Function<EntityManager, T> work) {
        return guarded(() -> {
            EntityManager em = emf.createEntityManager();
            try {
                return work.apply(em);
            } finally {
                if (em.getTransaction().isActive()) {
                    em.getTransaction().rollback();
                }
                em.close();
            }
        });
    }

    /**
     * Runs a query once the rows of every entry appended so far are committed; turns database failures, and use
     * after close, into {@link JournalUnavailableException}.
     */
    private <T> T guarded(Supplier<T> work) {
        if (closed) {
            throw new JournalUnavailableException("the journal is closed");
        }
        awaitRows();
        try {
            return work.get();
        } catch (PersistenceException | EclipseLinkException e) {
            throw new JournalUnavailableException("journal query failed: " + JournalPersistence.rootMessage(e), e);
        } catch (IllegalStateException e) {
            if (!emf.isOpen()) {
                throw new JournalUnavailableException("the journal is closed", e);
            }
            throw e;
        }
    }

    /** Waits until every entry appended so far (held notes too) has its row. */
    private void awaitRows() {
        CompletableFuture<Long> rows;
        synchronized (appendLock) {
            writeHeldNotesLocked();
            rows = committer.barrier();
        }
        try {
            rows.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof JournalUnavailableException u ? u
                : new JournalUnavailableException("the journal's rows are not written: " + e.getCause(), e);
        }
    }

    private static Object[] span(EntityManager em, String entity) {
        return em.createQuery("SELECT COUNT(e), MIN(e.timeMicros), MAX(e.timeMicros) FROM " + entity + " e",
            Object[].class).getSingleResult();
    }

    private static OffsetDateTime time(Object a, Object b, boolean min) {
        if (a == null || b == null) {
            Object only = a != null ? a : b;
            return only == null ? null : JournalEntry.time(((Number) only).longValue());
        }
        long x = ((Number) a).longValue();
        long y = ((Number) b).longValue();
        return JournalEntry.time(min ? Math.min(x, y) : Math.max(x, y));
    }

    private static String matches(String field) {
        return "(" + field + " = :exact OR " + field + " LIKE :under ESCAPE '!')";
    }

    private static String likeEscaped(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    /** A note waiting to be written, and what its appender waits on. */
    private record HeldNote(JournalEntry entry, CompletableFuture<Long> done) {
    }
}
