package dev.cage.bench.cache;

import dev.cage.client.ProgressListener;
import java.io.PrintStream;
import java.util.function.LongConsumer;

/**
 * Progress of the cache benchmark, a line at a time (so a log stays readable): notes for each step, and
 * for a long task its label at 25, 50, 75 and 100 %. Also hears a Cage's hibernation and wake progress.
 *
 * <p>Threads: synchronized; called from the benchmark thread, and a Cage calls it from the thread that
 * hibernates or wakes.
 */
final class StderrProgress implements ProgressListener {
    private static final int STEP = 25;
    private final PrintStream out;
    private String label = "";
    private long total = 1;
    private long done;
    private int nextPercent = STEP;

    private final String prefix;

    StderrProgress(PrintStream out) {
        this(out, "[bench cache] ");
    }

    /** Progress lines that start with {@code prefix}. */
    StderrProgress(PrintStream out, String prefix) {
        this.out = out;
        this.prefix = prefix;
    }

    /** A line of its own. */
    synchronized void note(String message) {
        out.println(prefix + message);
    }

    /** Starts a task of {@code total} units; the returned consumer takes the units done as they happen. */
    synchronized LongConsumer task(String taskLabel, long taskTotal) {
        begin(taskLabel, taskTotal);
        return this::advance;
    }

    private synchronized void advance(long units) {
        done += units;
        printReached();
    }

    /** Hibernation and wake progress, in bytes of the dump; a new task name starts a new task. */
    @Override
    public synchronized void progress(String task, long doneBytes, long totalBytes) {
        if (!task.equals(label) || totalBytes != total || doneBytes < done) {
            begin(task, totalBytes);
        }
        done = doneBytes;
        printReached();
    }

    private void begin(String taskLabel, long taskTotal) {
        label = taskLabel;
        total = Math.max(1, taskTotal);
        done = 0;
        nextPercent = STEP;
    }

    private void printReached() {
        while (nextPercent <= 100 && done * 100 >= (long) nextPercent * total) {
            out.println(prefix + label + " " + nextPercent + "%");
            nextPercent += STEP;
        }
    }
}
