package dev.cage.server.journal;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/*
 * Writes the journal's rows from its log records: many entries per database transaction, one writer thread, off
 * the acknowledgement path (an entry is acknowledged once its log record is durable; its row follows).
 *
 * Which thread owns what
 * - Appenders call submit() under the store's append lock, so the queue holds entries in seq order; under `lock`
 *   they check `closed` and add to `queue`. That lock is what makes close() final: once `closed` is set and STOP
 *   queued, nothing can be queued behind it.
 * - The writer thread ("cage-journal-writer") owns everything else: the EntityManager, the `backlog` (entries taken
 *   from the queue and not yet committed) and every transaction. It waits for each entry's log record to be durable
 *   and persists entries in queue order. Its commits do not wait for the disk, so after a kill the database may keep
 *   a row and lose rows before it: at open, {@link RowRebuild} writes the row of every entry after the last checkpoint
 *   that the database lacks.
 * - An entry is never dropped because the database is down: the writer keeps it, probes the database every retry
 *   interval and commits again. `failure` (written by the writer) says the database is down; while it is, barriers
 *   fail at once, and once `pending` entries exceed the backlog bound, refusal() refuses new appends.
 * - Rows may wait up to LINGER for company: the writer, having taken what is queued, parks until the linger ends, the
 *   queue holds a full batch, or someone needs the rows now (a barrier or close() sets `hurry` after queueing and
 *   unparks it). Writers clear `hurry` before draining the queue, so a barrier queued after a drain is never left to
 *   wait out a linger. One transaction for many rows costs far less CPU than one each, and nobody waits for rows
 *   except queries, which are barriers.
 * - A batch that fails while the database answers is committed again one entry at a time; an entry that fails
 *   alone (a bug: entries are checked when made) is dropped with an error in the log, its row lost.
 */
final class GroupCommitter {
    private static final System.Logger LOG = System.getLogger(GroupCommitter.class.getName());
    /** Queued by {@link #close()}: the writer commits what is before it and ends. */
    private static final Pending STOP = new Pending(null, null, null);
    /** How long rows may wait for more rows to share their transaction. */
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final EntityManagerFactory emf;
    private final Dialect dialect;
    private final int maxRecords;
    private final int maxBacklog;
    private final long retryNanos;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Object lock = new Object();
    private boolean closed;
    /** Set when rows are wanted now: the writer stops lingering. */
    private volatile boolean hurry;
    private volatile JournalUnavailableException failure;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong commits = new AtomicLong();
    private final Thread writer;
    // Writer thread only:
    private final ArrayDeque<Pending> backlog = new ArrayDeque<>();
    private EntityManager em;
    private boolean stopping;

    GroupCommitter(EntityManagerFactory emf, Dialect dialect, JournalConfig config) {
        this.emf = emf;
        this.dialect = dialect;
        this.maxRecords = config.maxBatchRecords();
        this.maxBacklog = config.maxBacklog();
        this.retryNanos = config.retryInterval().toNanos();
        this.writer = new Thread(this::run, "cage-journal-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * Queues the row of {@code entry}, to be written once {@code durable} (its log record) completes; if that fails,
     * the entry was never acknowledged and no row is written.
     *
     * @return completes with the entry's seq once its row is committed
     */
    CompletableFuture<Long> submit(JournalEntry entry, CompletableFuture<Long> durable) {
        return enqueue(new Pending(entry, durable, new CompletableFuture<>()));
    }

    /**
     * A future that completes once every entry submitted before it has its row committed (or will never have one):
     * queries wait for it, so they see every acknowledged entry.
     *
     * @return fails with {@link JournalUnavailableException} if the database is down or the committer closed
     */
    CompletableFuture<Long> barrier() {
        JournalUnavailableException down = failure;
        if (down != null) {
            return CompletableFuture.failedFuture(stillDown(down));
        }
        return enqueue(new Pending(null, null, new CompletableFuture<>()));
    }

    private CompletableFuture<Long> enqueue(Pending p) {
        synchronized (lock) {
            if (closed) {
                p.done.completeExceptionally(new JournalUnavailableException("the journal is closed"));
            } else {
                if (p.entry != null) {
                    pending.incrementAndGet();
                }
                queue.add(p);
                if (p.entry == null) {
                    hurryUp(); // a barrier: a query waits
                } else if (queue.size() >= maxRecords) {
                    hurryUp(); // a full batch
                }
            }
        }
        return p.done;
    }

    /**
     * What an append would fail with at once, or {@code null}: the committer is closed, or the database has been down
     * so long that {@link JournalConfig#maxBacklog()} entries wait for it.
     */
    JournalUnavailableException refusal() {
        JournalUnavailableException down = failure;
        if (down != null && pending.get() >= maxBacklog) {
            return new JournalUnavailableException(pending.get() + " journal entries wait for the journal database,"
                + " which does not answer: " + JournalPersistence.rootMessage(down), down);
        }
        synchronized (lock) {
            return closed ? new JournalUnavailableException("the journal is closed") : null;
        }
    }

    /** Successful database commits so far; fewer than entries appended when batching works. */
    long commits() {
        return commits.get();
    }

    /** Entries whose rows are not committed yet. */
    int pending() {
        return pending.get();
    }

    /**
     * Commits everything queued so far, then stops the writer. If the database is down, what it could not commit is
     * left to the log: the next open rebuilds those rows.
     */
    void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(STOP);
        }
        hurryUp();
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (!(stopping && backlog.isEmpty())) {
                boolean wanted = takeQueued(backlog.isEmpty() && !stopping);
                if (!wanted && !backlog.isEmpty()) {
                    linger();
                    takeQueued(false);
                }
                List<Pending> batch = nextBatch();
                if (!batch.isEmpty() && !commit(batch)) {
                    if (stopping) {
                        break; // the database is down at close: the log keeps the entries
                    }
                    awaitDatabase();
                }
            }
        } catch (InterruptedException e) {
            LOG.log(System.Logger.Level.ERROR, "journal writer interrupted; its entries are rebuilt from the"
                + " write-ahead log at the next start");
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "journal writer failed; its entries are rebuilt from the write-ahead log"
                + " at the next start", e);
            throw e;
        } finally {
            synchronized (lock) {
                closed = true; // also when the writer dies of a bug: barriers must fail, not wait forever
            }
            abandon();
            if (em != null) {
                em.close();
            }
        }
    }

    /**
     * Moves what is queued to the backlog, waiting for the first if {@code block}.
     *
     * @return whether a barrier or the stop was among them: the rows are wanted now
     */
    private boolean takeQueued(boolean block) throws InterruptedException {
        hurry = false; // before draining: a barrier queued after this sets it again
        boolean wanted = false;
        Pending p = block ? queue.take() : queue.poll();
        for (; p != null; p = queue.poll()) {
            if (p == STOP) {
                stopping = true;
                wanted = true;
            } else {
                backlog.add(p);
                wanted |= p.entry == null;
            }
        }
        return wanted;
    }

    /** Waits up to {@link #LINGER_NANOS} for more rows, unless a batch is full or rows are wanted now. */
    private void linger() throws InterruptedException {
        long deadline = System.nanoTime() + LINGER_NANOS;
        for (long left = LINGER_NANOS; left > 0 && !hurry && backlog.size() + queue.size() < maxRecords;
             left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(this, left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    private void hurryUp() {
        hurry = true;
        LockSupport.unpark(writer);
    }

    /**
     * Takes from the backlog's head up to {@link #maxRecords} entries whose log records are durable (waiting for
     * them: they are written in this order), with the barriers among them; drops the entries whose record failed.
     */
    private List<Pending> nextBatch() {
        List<Pending> batch = new ArrayList<>();
        int entries = 0;
        while (!backlog.isEmpty() && entries < maxRecords) {
            Pending p = backlog.peek();
            if (p.entry != null) {
                Long position = durablePosition(p);
                if (position == null) {
                    backlog.poll();
                    continue;
                }
                p.entry.loggedAt(position);
                entries++;
            }
            batch.add(backlog.poll());
        }
        return batch;
    }

    /** Waits for an entry's log record; {@code null} (and the entry answered) if it failed. */
    private Long durablePosition(Pending p) {
        try {
            return p.durable.join();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            pending.decrementAndGet();
            p.done.completeExceptionally(e.getCause() != null ? e.getCause() : e);
            return null;
        }
    }

    /**
     * Commits a batch's rows in one transaction and answers it; if the database answers but refuses the batch,
     * commits its entries one at a time.
     *
     * @return false if the database does not answer: the batch is back at the head of the backlog
     */
    private boolean commit(List<Pending> batch) {
        try {
            persist(batch);
        } catch (RuntimeException e) {
            closeEntityManager(e);
            if (!databaseAnswers()) {
                failure = new JournalUnavailableException("journal commit of " + batch.size() + " entries failed: "
                    + JournalPersistence.rootMessage(e), e);
                LOG.log(System.Logger.Level.ERROR, "journal database unavailable; rows wait in the write-ahead log"
                    + " until it answers", e);
                for (int i = batch.size() - 1; i >= 0; i--) {
                    backlog.addFirst(batch.get(i));
                }
                backlog.removeIf(p -> p.entry == null && p.done.completeExceptionally(stillDown(failure)));
                return false;
            }
            LOG.log(System.Logger.Level.WARNING, "journal commit failed; committing its entries one at a time", e);
            for (Pending p : batch) {
                commitAlone(p);
            }
            return true;
        }
        answer(batch);
        return true;
    }

    private void commitAlone(Pending p) {
        try {
            persist(List.of(p));
            answer(List.of(p));
        } catch (RuntimeException e) {
            closeEntityManager(e);
            LOG.log(System.Logger.Level.ERROR, "the row of journal entry " + p.entry + " could not be written and is"
                + " lost from the database (its change stands; its log record is kept)", e);
            pending.decrementAndGet();
            p.done.completeExceptionally(new JournalUnavailableException("the journal database refused the row of "
                + p.entry + ": " + JournalPersistence.rootMessage(e), e));
        }
    }

    private void persist(List<Pending> batch) {
        if (batch.stream().allMatch(p -> p.entry == null)) {
            return; // barriers only
        }
        if (em == null) {
            em = emf.createEntityManager();
        }
        EntityTransaction tx = em.getTransaction();
        tx.begin();
        try {
            dialect.commitWithoutWaitingForDisk(em); // the log holds the entries; a lost row is rebuilt from it
            RowInserts.write(em, batch.stream().map(Pending::entry).filter(Objects::nonNull).toList());
            tx.commit();
            commits.incrementAndGet();
        } finally {
            if (tx.isActive()) {
                tx.rollback();
            }
            em.clear(); // the batch's entries are not needed here any more
        }
    }

    private void answer(List<Pending> batch) {
        for (Pending p : batch) {
            if (p.entry != null) {
                pending.decrementAndGet();
                p.done.complete(p.entry.getSeq());
            } else {
                p.done.complete(0L);
            }
        }
    }

    /** While the database is down: keep what arrives, fail barriers, and probe it every retry interval. */
    private void awaitDatabase() throws InterruptedException {
        while (true) {
            long probeAt = System.nanoTime() + retryNanos;
            for (long wait = retryNanos; wait > 0 && !stopping; wait = probeAt - System.nanoTime()) {
                Pending p = queue.poll(wait, TimeUnit.NANOSECONDS);
                if (p == STOP) {
                    stopping = true;
                } else if (p != null && p.entry == null) {
                    p.done.completeExceptionally(stillDown(failure));
                } else if (p != null) {
                    backlog.add(p);
                }
            }
            if (stopping || databaseAnswers()) {
                if (!stopping) {
                    LOG.log(System.Logger.Level.INFO, "journal database answers again; writing the {0} rows that"
                        + " waited", pending.get());
                }
                failure = null;
                return;
            }
        }
    }

    private boolean databaseAnswers() {
        try {
            EntityManager probe = emf.createEntityManager();
            try {
                probe.createQuery("SELECT COUNT(e) FROM NamespaceRecord e WHERE e.seq < 0").getSingleResult();
                return true;
            } finally {
                probe.close();
            }
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void closeEntityManager(RuntimeException cause) {
        try {
            if (em != null) {
                em.close();
            }
        } catch (RuntimeException cleanupFailed) {
            cause.addSuppressed(cleanupFailed);
        }
        em = null;
    }

    /** At the writer's end: what is left gets no row now (the next open rebuilds it from the log). */
    private void abandon() {
        int left = 0;
        JournalUnavailableException closedNow = new JournalUnavailableException("the journal is closed");
        for (Pending p; (p = backlog.poll()) != null || (p = queue.poll()) != null; ) {
            if (p != STOP) {
                left += p.entry != null ? 1 : 0;
                p.done.completeExceptionally(closedNow);
            }
        }
        if (left > 0) {
            LOG.log(System.Logger.Level.WARNING, "{0} journal entries are not in the database yet; the next start"
                + " writes them from the write-ahead log", left);
        }
    }

    private static JournalUnavailableException stillDown(JournalUnavailableException down) {
        return new JournalUnavailableException("the journal database is unavailable: "
            + JournalPersistence.rootMessage(down), down);
    }

    /** An entry (or, without one, a barrier) and its row's future. */
    private record Pending(JournalEntry entry, CompletableFuture<Long> durable, CompletableFuture<Long> done) {
    }
}
