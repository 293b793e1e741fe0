package dev.cage.server;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/**
 * Runs tasks one at a time, in submission order, on a shared pool. Each file has one, so its reads and
 * writes are ordered without tying up a thread per file. A drained queue gives its thread back.
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
