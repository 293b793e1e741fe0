package dev.cage.server.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/*
 * Group commit: any number of appenders; whoever holds `writing` writes and forces.
 *
 * Which thread owns what
 * - Appender threads (any thread calling submit) build their record's header (checksum included) on their own
 *   thread, read `failure`, and under `lock` check `closed` and add to `queue`. That lock makes close() final: once
 *   `closed` is set and STOP queued, nothing is queued behind STOP, so every queued record is written and forced, or
 *   failed, before the writer ends.
 * - The `writing` lock guards everything else: the active Segment and its channel, rolling, forcing and rollback.
 *   Its holder takes everything queued (a group, in queue order), writes it with gathering writes, forces once and
 *   publishes the new `durable` end; after unlocking it completes the group's futures. Records queued while it
 *   forces wait for the next group, so there is at most one force per group (two when a group crosses a segment
 *   roll: the old segment is forced before the new one gets a byte).
 * - Two kinds of holder. The writer thread ("cage-wal-writer") is woken by submit() and by a leader that leaves
 *   records behind. A caller who queued with submitTogether(records, false) and will wait for them calls
 *   writeQueued(): if no one holds `writing`, it writes the group on its own thread (a leader), which spares one
 *   session's write two thread hand-offs (to the writer and back); if someone does, that holder sees the records
 *   when it unlocks, because every holder looks at the queue after unlocking (the leader wakes the writer, the writer
 *   loops). A thread that is interrupted never leads: an interrupt during channel I/O would close the segment.
 * - `durable` (the long form of the durable end) and `failure` are written only under `writing` and read by anyone;
 *   after changing either the holder notifies `durableMonitor`, on which awaitDurable() waits.
 * - `failure` is set when a write or force fails. The log then stays failed until it is closed and reopened: the
 *   writer cuts the segments back to `durable` (after a failed write or fsync the kernel's page cache cannot be
 *   trusted to reach the disk), fails every record it holds that is not below `durable`, and fails whatever is
 *   queued later; appenders fail at once. A record is never acknowledged unless a force covering it has returned.
 * - Counters are atomics, incremented by the writer, read by anyone.
 * - Futures are completed by the thread that wrote their group (the writer or a leader), after unlocking: dependents
 *   that do not use an async stage run there, so they must be short and must not wait for the log.
 */
final class LogWriter {
    private static final System.Logger LOG = System.getLogger(LogWriter.class.getName());
    /** Queued by close(): the writer writes and forces what is before it, then ends. */
    private static final List<Pending> STOP = List.of(new Pending(null, null, 0, null));

    private final Path dir;
    private final LogConfig config;
    private final ChannelFactory channels;
    /** Records queued together (see {@link #submitTogether}) are one element, so the writer never splits them. */
    private final BlockingQueue<List<Pending>> queue = new LinkedBlockingQueue<>();
    private final Object lock = new Object();
    private boolean closed;
    private final ReentrantLock writing = new ReentrantLock();
    private final Object durableMonitor = new Object();
    private volatile long durable;
    private volatile LogFailedException failure;
    private volatile boolean ended;
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong forces = new AtomicLong();
    private final AtomicLong preallocated = new AtomicLong();
    private final Thread writer;
    /** Null without preallocation. */
    private final SpareSegment spare;
    // Holder of `writing` only (stopping is also read by the writer thread while it waits):
    private Segment active;
    private volatile boolean stopping;

    LogWriter(Path dir, LogConfig config, ChannelFactory channels, Segment active) {
        this.dir = dir;
        this.config = config;
        this.channels = channels;
        this.active = active;
        this.durable = new LogPosition(active.number(), active.size()).toLong();
        this.spare = config.preallocate() ? new SpareSegment(dir, config.segmentSize(), channels) : null;
        this.writer = new Thread(this::run, "cage-wal-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * Queues a record; the future completes with its position once it is durable, or fails.
     */
    CompletableFuture<LogPosition> submit(Queued record) {
        return submitTogether(List.of(record), true).get(0);
    }

    /**
     * A record to queue: its header (checksum included), views of the caller's buffers (positions and limits of their
     * own, written as they are), and its payload length.
     */
    record Queued(ByteBuffer header, ByteBuffer[] payload, long length) {
    }

    /**
     * Queues records to be written in this order and in one group, so one force covers them all.
     *
     * @param wakeWriter false if the caller calls {@link #writeQueued()} next (in a {@code finally}), to write them
     *                   on its own thread when no one else is writing
     * @return a future per record, as {@link #submit}'s
     */
    List<CompletableFuture<LogPosition>> submitTogether(List<Queued> records, boolean wakeWriter) {
        List<Pending> batch = new ArrayList<>(records.size());
        for (Queued r : records) {
            batch.add(new Pending(r.header(), r.payload(), r.length(), new CompletableFuture<>()));
        }
        LogFailedException down = failure;
        if (down != null) {
            batch.forEach(p -> p.done.completeExceptionally(stillFailed(down)));
        } else {
            synchronized (lock) {
                if (closed) {
                    batch.forEach(p -> p.done.completeExceptionally(new LogFailedException(dir, "the log is closed", null)));
                } else {
                    queue.add(batch);
                }
            }
            if (wakeWriter) {
                LockSupport.unpark(writer);
            }
        }
        return batch.stream().map(p -> p.done).toList();
    }

    /**
     * Writes and forces what is queued on the calling thread, unless someone is writing now (who then takes it) or
     * the thread is interrupted (then the writer thread takes it). Returns once this thread's group, if any, is
     * durable and answered.
     */
    void writeQueued() {
        if (Thread.currentThread().isInterrupted()) {
            LockSupport.unpark(writer);
            return;
        }
        if (!writing.tryLock()) {
            return; // the holder looks at the queue after unlocking
        }
        if (queue.size() > 1) {
            // Others queued too: appends are coming together, and the writer thread, which goes from one group
            // straight to the next, keeps them flowing better than leaders that each wake it when they are done.
            writing.unlock();
            LockSupport.unpark(writer);
            return;
        }
        List<Pending> group;
        try {
            group = writeQueuedLocked();
        } finally {
            writing.unlock();
        }
        if (!queue.isEmpty() || stopping) {
            LockSupport.unpark(writer); // queued while this thread wrote, or the STOP it took: the writer goes on
        }
        answer(group);
    }

    /** The long form of the durable end: every record before it is durable. */
    long durable() {
        return durable;
    }

    /** Whether a write or force failed: every later append fails until the log is reopened. */
    boolean failed() {
        return failure != null;
    }

    /**
     * Waits until the record at {@code position} is durable.
     *
     * @throws LogFailedException if the log failed or closed before it became durable
     */
    void awaitDurable(LogPosition position) throws InterruptedException, LogFailedException {
        long at = position.toLong();
        synchronized (durableMonitor) {
            while (durable <= at) {
                LogFailedException down = failure;
                if (down != null) {
                    throw new LogFailedException(dir, "the record at " + position + " is not durable: the log"
                        + " failed (" + down.getMessage() + ")", down);
                }
                if (ended) {
                    throw new LogFailedException(dir, "the record at " + position + " is not durable: the log is"
                        + " closed", null);
                }
                durableMonitor.wait();
            }
        }
    }

    LogStats stats() {
        return new LogStats(records.get(), bytes.get(), forces.get(), preallocated.get());
    }

    /** Writes and forces everything queued so far, then stops the writer and closes the active segment. */
    void close() {
        synchronized (lock) {
            if (!closed) {
                closed = true;
                queue.add(STOP);
            }
        }
        LockSupport.unpark(writer);
        if (Thread.currentThread() == writer) {
            return; // a future's dependent closing the log: the writer ends after this group
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
                while (queue.isEmpty() && !stopping) {
                    LockSupport.park(this);
                    if (Thread.interrupted()) {
                        // Only close() ends the writer; an interrupt from elsewhere must not strand queued records.
                        LOG.log(System.Logger.Level.ERROR, "write-ahead log writer interrupted; failing queued records");
                        return;
                    }
                }
                List<Pending> group;
                writing.lock();
                try {
                    group = writeQueuedLocked();
                } finally {
                    writing.unlock();
                }
                answer(group);
            }
        } finally {
            synchronized (lock) {
                closed = true; // also when the writer dies of a bug: appends must fail, not wait forever
            }
            writing.lock();
            try {
                end();
            } finally {
                writing.unlock();
            }
            signalDurable();
        }
    }

    /** Takes everything queued (up to a STOP) and writes and forces it; the group is answered after unlocking. */
    private List<Pending> writeQueuedLocked() {
        List<Pending> group = new ArrayList<>();
        for (List<Pending> batch; (batch = queue.poll()) != null; ) {
            if (batch == STOP) {
                stopping = true;
                break;
            }
            group.addAll(batch);
        }
        if (group.isEmpty()) {
            return group;
        }
        if (ended) {
            failAll(group, new LogFailedException(dir, "the log is closed", failure));
        } else if (failure != null) {
            failAll(group, stillFailed(failure));
        } else {
            writeAndForce(group);
        }
        return group;
    }

    /** The writer's last act: fails what is still queued, then cuts the active segment's zeros and closes it. */
    private void end() {
        LogFailedException closing = new LogFailedException(dir, "the log is closed", failure);
        List<Pending> left = new ArrayList<>();
        for (List<Pending> batch; (batch = queue.poll()) != null; ) {
            if (batch != STOP) {
                left.addAll(batch);
            }
        }
        failAll(left, closing);
        answer(left);
        if (active != null) {
            try {
                if (active.seal()) {
                    active.force(); // the records were forced already; only the new size is not
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cutting the zeros after the records of " + active.file()
                    + " failed; opening the log again cuts them", e);
            }
            try {
                active.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "closing " + active.file() + " failed", e);
            }
        }
        if (spare != null) {
            spare.close();
        }
        ended = true;
    }

    private void writeAndForce(List<Pending> group) {
        try {
            List<ByteBuffer> gather = new ArrayList<>(group.size() * 2);
            long gathered = 0;
            for (Pending p : group) {
                long size = RecordCodec.HEADER_SIZE + p.length;
                long end = active.size() + gathered;
                if (end > 0 && end + size > config.segmentSize()) {
                    write(gather, gathered);
                    gather.clear();
                    gathered = 0;
                    roll();
                }
                p.position = new LogPosition(active.number(), active.size() + gathered);
                gather.add(p.header);
                for (ByteBuffer b : p.payload) {
                    gather.add(b);
                }
                gathered += size;
            }
            write(gather, gathered);
            if (spare != null && active.size() >= config.segmentSize() / 2) {
                spare.prepareAhead();
            }
            records.addAndGet(group.size());
            active.force();
            forces.incrementAndGet();
            publishDurable(active);
        } catch (IOException | RuntimeException e) {
            fail(group, e);
        }
    }

    private void write(List<ByteBuffer> gather, long gathered) throws IOException {
        if (gathered > 0) {
            active.write(gather, gathered);
            bytes.addAndGet(gathered);
        }
    }

    /** Seals the active segment (forced before the next gets a byte) and starts the next one. */
    private void roll() throws IOException {
        active.seal();
        active.force();
        forces.incrementAndGet();
        publishDurable(active);
        active.close();
        long next = active.number() + 1;
        active = null; // if creating the next fails, rollback must not touch the sealed one's closed channel
        Path prepared = spare == null ? null : spare.take();
        if (prepared != null) {
            active = Segment.adopt(channels, dir, next, prepared);
            preallocated.incrementAndGet();
        } else {
            active = Segment.create(channels, dir, next);
        }
        // The new file's directory entry must be durable before records in it are acknowledged.
        LogRecovery.forceDirectory(channels, dir);
    }

    private void publishDurable(Segment segment) {
        durable = new LogPosition(segment.number(), segment.size()).toLong();
        signalDurable();
    }

    private void signalDurable() {
        synchronized (durableMonitor) {
            durableMonitor.notifyAll();
        }
    }

    /** A write or force failed: the log fails, is cut back to what was durable, and answers the group. */
    private void fail(List<Pending> group, Exception e) {
        LogFailedException failed = new LogFailedException(dir, "writing failed (" + e
            + "); appends fail until the log is closed and reopened, nothing after " + LogPosition.fromLong(durable)
            + " was acknowledged", e);
        failure = failed; // before the futures fail: an appender who sees its append fail and retries fails fast
        LOG.log(System.Logger.Level.ERROR, failed.getMessage(), e);
        rollback(failed);
        for (Pending p : group) {
            if (p.position == null || p.position.toLong() >= durable) {
                p.error = failed; // the others were forced when their segment was sealed, before the failure
            }
        }
        signalDurable();
    }

    /**
     * Cuts the log back to {@code durable}: deletes segments after it and truncates its segment, so a reopened log
     * holds exactly the acknowledged records. Best effort: if this fails too, reopening cuts what is torn, and whole
     * records that were written but never acknowledged may survive (as after a crash).
     */
    private void rollback(LogFailedException failed) {
        LogPosition to = LogPosition.fromLong(durable);
        try {
            if (active != null) {
                active.close();
            }
            active = null;
            boolean deleted = false;
            for (long n = to.segment() + 1; Files.exists(Segment.file(dir, n)); n++) {
                Files.delete(Segment.file(dir, n));
                deleted = true;
            }
            try (FileChannel channel = channels.open(Segment.file(dir, to.segment()),
                EnumSet.of(StandardOpenOption.WRITE))) {
                channel.truncate(to.offset());
                channel.force(false);
            }
            if (deleted) {
                LogRecovery.forceDirectory(channels, dir);
            }
        } catch (IOException | RuntimeException e) {
            failed.addSuppressed(e);
            LOG.log(System.Logger.Level.ERROR, "write-ahead log in " + dir + ": cutting back to " + to
                + " failed; reopening will check the tail", e);
        }
    }

    private static void failAll(List<Pending> group, LogFailedException e) {
        for (Pending p : group) {
            p.error = e;
        }
    }

    /**
     * Completes a group's futures, after `writing` is unlocked: their dependents run on this thread, and another
     * thread can write the next group meanwhile.
     */
    private static void answer(List<Pending> group) {
        for (Pending p : group) {
            if (p.error != null) {
                p.done.completeExceptionally(p.error);
            } else {
                p.done.complete(p.position);
            }
        }
    }

    private LogFailedException stillFailed(LogFailedException down) {
        return new LogFailedException(dir, "the log failed earlier and must be reopened: " + down.getMessage(), down);
    }

    /**
     * A queued record; {@code position} is set when its group places it, {@code error} if it will never be durable
     * (both under `writing`, read after unlocking by the same thread).
     */
    private static final class Pending {
        final ByteBuffer header;
        final ByteBuffer[] payload;
        final long length;
        final CompletableFuture<LogPosition> done;
        LogPosition position;
        LogFailedException error;

        Pending(ByteBuffer header, ByteBuffer[] payload, long length, CompletableFuture<LogPosition> done) {
            this.header = header;
            this.payload = payload;
            this.length = length;
            this.done = done;
        }
    }
}
