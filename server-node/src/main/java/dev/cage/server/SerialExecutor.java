package dev.cage.server;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/**
 * Runs tasks one at a time, in submission order, on a shared pool. Each file has one, so its reads and
 * writes are ordered without tying up a thread per file. A drained queue gives its thread back.
 *
 * <p>A lane can be <em>held</em> ({@link #hold()}): once the tasks queued before the hold have run, the lane
 * stops as if a task were running, until {@link #release()}. No pool thread waits meanwhile: the queued tasks
 * simply stay queued, and {@link #runIfIdle} sees a busy lane. A transaction commit holds the lanes of every
 * file it touches while it applies its writes, so no read sees part of it.
 */
final class SerialExecutor implements Executor {
    private final Executor pool;
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            tasks.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        pool.execute(this::drain);
    }

    /**
     * Runs {@code task} on the calling thread if nothing is queued or running here, holding the lane while
     * it runs; returns false (and runs nothing) otherwise. Saves the hand-off to a pool thread for short
     * tasks that find their file idle.
     */
    boolean runIfIdle(Runnable task) {
        synchronized (this) {
            if (running || !tasks.isEmpty()) {
                return false;
            }
            running = true;
        }
        try {
            task.run();
        } finally {
            boolean more;
            synchronized (this) {
                more = !tasks.isEmpty();
                running = more;
            }
            if (more) {
                pool.execute(this::drain); // what queued up meanwhile runs on the pool, in order
            }
        }
        return true;
    }

    /**
     * Queues a hold; the future completes once every task queued before it has run, and from then on the lane
     * runs nothing until {@link #release()}. Holding several lanes must follow one global order, or two holders
     * could each wait for a lane the other holds.
     */
    java.util.concurrent.CompletableFuture<Void> hold() {
        Hold h = new Hold();
        synchronized (this) {
            if (!running && tasks.isEmpty()) {
                running = true;
                h.held.complete(null);
                return h.held;
            }
            tasks.add(h);
            if (running) {
                return h.held;
            }
            running = true;
        }
        pool.execute(this::drain);
        return h.held;
    }

    /** Ends a hold: what queued up meanwhile runs on the pool, in order. */
    void release() {
        synchronized (this) {
            if (tasks.isEmpty()) {
                running = false;
                return;
            }
        }
        pool.execute(this::drain);
    }

    /** The marker a hold queues. */
    private static final class Hold implements Runnable {
        final java.util.concurrent.CompletableFuture<Void> held = new java.util.concurrent.CompletableFuture<>();

        @Override
        public void run() {
            throw new IllegalStateException("a hold is not run");
        }
    }

    private void drain() {
        // Runs a bounded batch, then yields the pool thread so one busy file cannot starve the others.
        for (int i = 0; i < 64; i++) {
            Runnable next;
            synchronized (this) {
                next = tasks.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            if (next instanceof Hold h) {
                h.held.complete(null); // the lane stays marked running: nothing runs until release()
                return;
            }
            try {
                next.run();
            } catch (RuntimeException | Error e) {
                // Tasks answer their own errors; one that escapes must not stall the file's queue.
                System.getLogger(SerialExecutor.class.getName()).log(System.Logger.Level.ERROR, "task failed", e);
            }
        }
        pool.execute(this::drain);
    }
}
