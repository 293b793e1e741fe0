package dev.cage.server.journal;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/*
 * Group commit: many appenders, one writer thread, one transaction per batch.
 *
 * Which thread owns what
 * - Appender threads (any thread calling submit) only read `failure`, and under `lock` check `closed` and add to
 *   `queue`. That lock is what makes close() final: once `closed` is set and the STOP marker queued, nothing can be
 *   queued behind the marker, so every queued entry is either committed or failed before the writer ends.
 * - The writer thread ("cage-journal-writer") owns everything else: the EntityManager `em`, the `carry` entry (taken
 *   from the queue but held back because it would have pushed the batch over its byte bound), the batch list, and
 *   every transaction. It persists entries in queue order, so sequence numbers follow queue order and, since there
 *   is only one writer, commit order.
 * - `failure` is written only by the writer: set when a commit fails and the database does not answer a probe,
 *   cleared when a later probe succeeds. While it is set, appenders fail at once and the writer fails whatever
 *   reached the queue anyway; nothing is dropped without its future being completed.
 * - `commits` is incremented by the writer after each successful commit and read by anyone (metrics, tests).
 * - Futures are completed on the writer thread, after the commit (and the forced write for H2) has returned.
 */
final class GroupCommitter {
    private static final System.Logger LOG = System.getLogger(GroupCommitter.class.getName());
    /** Queued by {@link #close()}: the writer commits what is before it and ends. */
    private static final Pending STOP = new Pending(null, null);

    private final EntityManagerFactory emf;
    private final Dialect dialect;
    private final int maxRecords;
    private final long maxBytes;
    private final long retryNanos;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Object lock = new Object();
    private boolean closed;
    private volatile JournalUnavailableException failure;
    private final AtomicLong commits = new AtomicLong();
    private final Thread writer;
    // Writer thread only:
    private EntityManager em;
    private Pending carry;
    private boolean stopping;

    GroupCommitter(EntityManagerFactory emf, Dialect dialect, JournalConfig config) {
        this.emf = emf;
        this.dialect = dialect;
        this.maxRecords = config.maxBatchRecords();
        this.maxBytes = config.maxBatchBytes();
        this.retryNanos = config.retryInterval().toNanos();
        this.writer = new Thread(this::run, "cage-journal-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Queues {@code entry}; the future completes with its seq once it is durable, or fails. */
    CompletableFuture<Long> submit(JournalEntry entry) {
        if (entry.getSeq() != 0) {
            throw new IllegalArgumentException("already in the journal as seq " + entry.getSeq() + ": " + entry);
        }
        CompletableFuture<Long> done = new CompletableFuture<>();
        JournalUnavailableException down = failure;
        if (down != null) {
            done.completeExceptionally(stillDown(down));
            return done;
        }
        synchronized (lock) {
            if (closed) {
                done.completeExceptionally(new JournalUnavailableException("the journal is closed"));
            } else {
                queue.add(new Pending(entry, done));
            }
        }
        return done;
    }

    /**
     * What an append would fail with at once (the database is down, or the committer is closed), or {@code null}:
     * checked before a payload goes to the log, so that appends fail fast while the database is down.
     */
    JournalUnavailableException refusal() {
        JournalUnavailableException down = failure;
        if (down != null) {
            return stillDown(down);
        }
        synchronized (lock) {
            return closed ? new JournalUnavailableException("the journal is closed") : null;
        }
    }

    /** Successful commits so far; fewer than entries appended when batching works. */
    long commits() {
        return commits.get();
    }

    /** Commits everything queued so far, then stops the writer. */
    void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(STOP);
        }
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
            while (!stopping) {
                if (failure != null) {
                    awaitRecovery();
                } else {
                    List<Pending> batch = nextBatch();
                    if (!batch.isEmpty()) {
                        commit(batch);
                    }
                }
            }
        } catch (InterruptedException e) {
            // Only close() ends the writer; an interrupt from elsewhere still must not strand queued futures.
            LOG.log(System.Logger.Level.ERROR, "journal writer interrupted; failing queued entries");
        } finally {
            synchronized (lock) {
                closed = true; // also when the writer dies of a bug: appends must fail, not wait forever
            }
            failAll(new JournalUnavailableException("the journal is closed"));
            if (em != null) {
                em.close();
            }
        }
    }

    /** Blocks for the first entry, then takes what is queued, up to the record and byte bounds. */
    private List<Pending> nextBatch() throws InterruptedException {
        List<Pending> batch = new ArrayList<>();
        Pending first = carry != null ? carry : queue.take();
        carry = null;
        long bytes = 0;
        for (Pending p = first; p != null; p = batch.size() < maxRecords ? queue.poll() : null) {
            if (p == STOP) {
                stopping = true;
                break;
            }
            long size = p.entry.blobBytes();
            if (!batch.isEmpty() && bytes + size > maxBytes) {
                carry = p;
                break;
            }
            batch.add(p);
            bytes += size;
        }
        return batch;
    }

    private void commit(List<Pending> batch) {
        EntityTransaction tx = null;
        try {
            if (em == null) {
                em = emf.createEntityManager();
            }
            tx = em.getTransaction();
            tx.begin();
            for (Pending p : batch) {
                em.persist(p.entry);
            }
            tx.commit();
            dialect.forceToDisk(em);
            commits.incrementAndGet();
        } catch (RuntimeException | Error e) {
            fail(batch, tx, e);
            if (e instanceof Error error) {
                throw error; // the batch is answered; run() fails the rest and ends the writer
            }
            return;
        } finally {
            if (em != null) {
                em.clear(); // the batch's entries and blobs are not needed here any more
            }
        }
        for (Pending p : batch) {
            p.done.complete(p.entry.getSeq());
        }
    }

    private void fail(List<Pending> batch, EntityTransaction tx, Throwable e) {
        try {
            if (tx != null && tx.isActive()) {
                tx.rollback();
            }
            if (em != null) {
                em.close();
            }
        } catch (RuntimeException cleanupFailed) {
            e.addSuppressed(cleanupFailed);
        }
        em = null;
        JournalUnavailableException failed = new JournalUnavailableException(
            "journal commit of " + batch.size() + " entries failed: " + JournalPersistence.rootMessage(e), e);
        // A bad entry fails its batch but leaves the database usable; only a database that does not answer
        // makes later appends fail fast. Decided before the futures fail, so that an appender who has seen its
        // append fail and tries again already fails fast.
        if (databaseAnswers()) {
            LOG.log(System.Logger.Level.WARNING, "journal commit failed", e);
        } else {
            LOG.log(System.Logger.Level.ERROR, "journal database unavailable; appends fail until it answers", e);
            failure = failed;
        }
        for (Pending p : batch) {
            p.done.completeExceptionally(failed);
        }
    }

    /** While the database is down: fail what arrives, and probe it every retry interval. */
    private void awaitRecovery() throws InterruptedException {
        long probeAt = System.nanoTime() + retryNanos;
        if (carry != null) {
            carry.done.completeExceptionally(stillDown(failure));
            carry = null;
        }
        for (long wait = retryNanos; wait > 0; wait = probeAt - System.nanoTime()) {
            Pending p = queue.poll(wait, TimeUnit.NANOSECONDS);
            if (p == STOP) {
                stopping = true;
                return;
            }
            if (p != null) {
                p.done.completeExceptionally(stillDown(failure));
            }
        }
        if (databaseAnswers()) {
            LOG.log(System.Logger.Level.INFO, "journal database answers again");
            failure = null;
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

    private void failAll(JournalUnavailableException e) {
        if (carry != null) {
            carry.done.completeExceptionally(e);
        }
        for (Pending p; (p = queue.poll()) != null; ) {
            if (p != STOP) {
                p.done.completeExceptionally(e);
            }
        }
    }

    private static JournalUnavailableException stillDown(JournalUnavailableException down) {
        return new JournalUnavailableException("the journal database is unavailable: "
            + JournalPersistence.rootMessage(down), down);
    }

    private record Pending(JournalEntry entry, CompletableFuture<Long> done) {
    }
}
