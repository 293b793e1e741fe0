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
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.persistence.exceptions.EclipseLinkException;

/**
 * A node's operation journal: appends entries with group commit and answers the queries rollback, replay and crash
 * recovery need. One per node; every method may be called from any thread.
 *
 * <p>Two places: the entries' payloads (new, old and staged bytes) go to the write-ahead log in
 * {@link JournalConfig#logDir()}, everything else to the database, whose rows say where their payload lies. An
 * append puts the payload in the log first and queues the row once the payload is durable, so a committed row
 * never points at bytes that are not; read payloads back through {@link #payloads()}.
 *
 * <p>Appends are queued and committed by one writer thread, many entries per transaction; an entry's future
 * completes with its {@code seq} once the transaction is committed and, for the embedded H2 database, forced to
 * disk. If a commit fails, every future of that batch fails with a {@link JournalUnavailableException}; if the
 * database does not answer either, later appends fail at once until it does. A failed commit is not certain to
 * have left nothing behind (the connection can break after the database committed): such an entry may still be
 * found by the queries, though its operation was never acknowledged.
 *
 * <p>Queries see committed entries only. The {@code forEach} methods page through large results; the methods
 * returning lists load every match and are meant for bounded ranges.
 */
public final class JournalStore implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(JournalStore.class.getName());
    private final EntityManagerFactory emf;
    private final GroupCommitter committer;
    private final AppendQueue appends;
    private final EntryPager pager;
    private final Dialect dialect;
    private final PayloadLog log;
    private final JournalPayloads payloads;
    private volatile boolean closed;

    private JournalStore(EntityManagerFactory emf, Dialect dialect, JournalConfig config, PayloadLog log) {
        this.emf = emf;
        this.dialect = dialect;
        this.log = log;
        this.payloads = new JournalPayloads(log);
        this.committer = new GroupCommitter(emf, dialect, config);
        this.appends = new AppendQueue(committer::submit);
        this.pager = new EntryPager(emf, config.pageSize());
    }

    /**
     * Opens the journal: first its write-ahead log (recovering its tail; what it cut is logged), then the database,
     * creating its tables, indexes and sequence table if they are missing and adding columns that are missing from
     * existing tables; existing entries are kept. A fresh database is stamped with the journal format; one of
     * another format, or with entries from before payloads moved to the log, is refused ({@link JournalFormat}).
     *
     * @throws JournalUnavailableException if the log cannot be opened or holds a damaged acknowledged record, the
     *                                     database cannot be reached, refuses the login or is corrupt, or the journal
     *                                     is of another format
     * @throws IllegalArgumentException    if the configuration names no log directory
     */
    public static JournalStore open(JournalConfig config) {
        return open(config, PayloadLog.CONFIG);
    }

    /** As {@link #open(JournalConfig)}, with the log's segments laid out by {@code logConfig} (tests: small ones). */
    static JournalStore open(JournalConfig config, dev.cage.server.wal.LogConfig logConfig) {
        if (config.logDir() == null) {
            throw new IllegalArgumentException("the journal configuration names no write-ahead log directory: "
                + config);
        }
        Dialect dialect = Dialect.of(config.url());
        PayloadLog log = PayloadLog.open(config.logDir(), logConfig);
        try {
            JournalFormat.refuseEarlierFormat(config, dialect);
            EntityManagerFactory emf = JournalPersistence.open(config, dialect);
            try {
                JournalFormat.check(emf, dialect, config.url());
                checkLogMatches(emf, log, config);
            } catch (RuntimeException e) {
                emf.close();
                throw e instanceof JournalUnavailableException ? e : new JournalUnavailableException(
                    "cannot check the journal's format: " + JournalPersistence.rootMessage(e), e);
            }
            return new JournalStore(emf, dialect, config, log);
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
    private static void checkLogMatches(EntityManagerFactory emf, PayloadLog log, JournalConfig config) {
        EntityManager em = emf.createEntityManager();
        try {
            Long newest = null;
            for (String jpql : List.of("SELECT MAX(e.newPos) FROM FileRecord e", "SELECT MAX(e.oldPos) FROM FileRecord e",
                "SELECT MAX(o.dataPos) FROM PreparedOp o")) {
                Object max = em.createQuery(jpql).getSingleResult();
                if (max != null) {
                    newest = newest == null ? ((Number) max).longValue() : Math.max(newest, ((Number) max).longValue());
                }
            }
            if (newest != null && !log.holds(newest)) {
                throw new JournalUnavailableException("the journal at " + config.url() + " has entries whose bytes lie"
                    + " at write-ahead log position " + dev.cage.server.wal.LogPosition.fromLong(newest) + ", but the log in "
                    + config.logDir() + " ends at " + log.end() + ": it is not the log this journal was written with");
            }
        } finally {
            em.close();
        }
    }

    /** Reads the entries' payloads back from the write-ahead log. */
    public JournalPayloads payloads() {
        return payloads;
    }

    /**
     * Queues an entry for the next group commit.
     *
     * @return completes with the entry's seq once it is durable; fails with {@link JournalUnavailableException} if
     *     its commit failed, the database is down, or the store is closed
     * @throws IllegalArgumentException if the entry has been appended before
     */
    public CompletableFuture<Long> append(JournalEntry entry) {
        Objects.requireNonNull(entry, "entry");
        if (entry.getSeq() != 0) {
            throw new IllegalArgumentException("already in the journal as seq " + entry.getSeq() + ": " + entry);
        }
        JournalUnavailableException refused = closed ? new JournalUnavailableException("the journal is closed")
            : committer.refusal();
        if (refused != null) {
            return CompletableFuture.failedFuture(refused); // fail fast, as before: nothing goes to the log
        }
        CompletableFuture<?> payload = CompletableFuture.completedFuture(null);
        if (entry instanceof FileRecord f && (f.pendingNewBytes() != null || f.pendingOldBytes() != null)) {
            // Log first, row after: the row goes to the committer only once both payloads are durable.
            CompletableFuture<Long> newPos = log.append(PayloadLog.NEW_BYTES, f.pendingNewBytes());
            CompletableFuture<Long> oldPos = log.append(PayloadLog.OLD_BYTES, f.pendingOldBytes());
            payload = newPos.thenCombine(oldPos, (n, o) -> {
                f.logged(n, o);
                return f;
            });
        }
        return appends.add(entry, payload); // rows keep append order, so seq order stays the order of record
    }

    /**
     * Appends and waits until the entry is durable.
     *
     * @return the entry's seq
     * @throws JournalUnavailableException if it could not be made durable
     * @throws IllegalArgumentException if the entry has been appended before
     */
    public long appendNow(JournalEntry entry) {
        try {
            return append(entry).join();
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
     * deleted. Then the write-ahead log segments that hold only payloads no row points at any more are deleted:
     * call it only while no append is between its payload and its row (the node prunes under its checkpoint lock,
     * which no change holds at that moment).
     *
     * @return how many entries were deleted
     */
    public int pruneBefore(OffsetDateTime t) {
        long checkpoint = lastCheckpointSeq();
        if (checkpoint == 0) {
            return 0;
        }
        long before = JournalEntry.micros(t);
        return query(em -> {
            em.getTransaction().begin();
            int n = 0;
            for (String entity : List.of("NamespaceRecord", "FileRecord")) {
                n += em.createQuery("DELETE FROM " + entity + " e WHERE e.timeMicros < :before AND e.seq < :cp")
                    .setParameter("before", before)
                    .setParameter("cp", checkpoint)
                    .executeUpdate();
            }
            em.getTransaction().commit();
            if (n > 0) {
                int segments = log.deleteBefore(oldestReferenced(em));
                if (segments > 0) {
                    LOG.log(System.Logger.Level.INFO, "deleted {0} write-ahead log segments no entry needs", segments);
                }
            }
            return n;
        });
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
     * for H2, forced to disk, as group commits are). Prepares are rare and large, so they do not queue behind the
     * group committer's small entries. Its payloads are unreferenced if the rows are not committed.
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
            logged.add(log.append(PayloadLog.STAGED_BYTES, op.pendingData()));
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

    /**
     * Deletes a branch and its ops, durably: after a commit has applied it, or on rollback.
     *
     * @return whether there was such a branch
     */
    public boolean deletePrepared(String branchKey) {
        Objects.requireNonNull(branchKey, "branchKey");
        return query(em -> {
            em.getTransaction().begin();
            em.createQuery("DELETE FROM PreparedOp o WHERE o.branchKey = :k").setParameter("k", branchKey).executeUpdate();
            int n = em.createQuery("DELETE FROM PreparedBranch b WHERE b.branchKey = :k").setParameter("k", branchKey)
                .executeUpdate();
            em.getTransaction().commit();
            dialect.forceToDisk(em);
            return n > 0;
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

    /** Successful group commits since the store was opened (a metric; fewer than appends when batching works). */
    public long commitCount() {
        return committer.commits();
    }

    /**
     * Commits everything appended so far, then closes the database connections and the log. Appends after this fail.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        log.close(); // payloads in flight become durable and queue their rows before the committer drains
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

    /** Turns database failures, and use after close, into {@link JournalUnavailableException}. */
    private <T> T guarded(Supplier<T> work) {
        if (closed) {
            throw new JournalUnavailableException("the journal is closed");
        }
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
}
