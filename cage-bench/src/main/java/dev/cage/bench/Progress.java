package dev.cage.bench;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress on stderr while a benchmark runs: round, workload, column and percent. On a terminal one line is
 * rewritten in place; into a file it writes a line per 25 % so a log stays readable.
 *
 * <p>Threads: {@link #advance} may be called from many measuring threads; printing is synchronized and
 * happens only when a step boundary is crossed, so the hot path is one atomic add and one compare.
 */
final class Progress {
    private final PrintStream out;
    private final boolean interactive;
    private final int step;
    private final AtomicLong done = new AtomicLong();
    private volatile long nextPrint;
    private String label = "";
    private long total = 1;

    Progress(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
        this.step = interactive ? 1 : 25;
    }

    /** Progress to the console's stderr: in place when there is a console, else line by line. */
    static Progress stderr() {
        return new Progress(System.err, System.console() != null);
    }

    /** Starts a task of {@code total} units (bytes, reads, files). */
    synchronized void begin(int round, int rounds, Workload w, Column c, long total) {
        this.label = String.format("[bench] round %d/%d  %-11s %-10s", round, rounds, w.id(), c.title());
        this.total = Math.max(1, total);
        done.set(0);
        nextPrint = unitsFor(step);
        print(0);
    }

    void advance(long units) {
        long d = done.addAndGet(units);
        if (d >= nextPrint) {
            printUpTo(d);
        }
    }

    /** Marks the task complete. */
    synchronized void end() {
        print(100);
        if (interactive) {
            out.println();
        }
        nextPrint = Long.MAX_VALUE;
    }

    /** A line of its own (set-up, warnings), not overwritten by the next update. */
    synchronized void note(String message) {
        out.println("[bench] " + message);
    }

    private synchronized void printUpTo(long d) {
        if (d < nextPrint) {
            return; // another thread printed this step already
        }
        int percent = (int) Math.min(100, d * 100 / total);
        int reached = percent / step * step;
        nextPrint = reached >= 100 ? Long.MAX_VALUE : unitsFor(reached + step);
        if (reached < 100) {
            print(reached);
        }
    }

    private long unitsFor(int percent) {
        return Math.max(1, (total * percent + 99) / 100);
    }

    private void print(int percent) {
        if (interactive) {
            out.print("\r" + label + String.format("%3d%%", percent));
            out.flush();
        } else {
            out.println(label + String.format("%3d%%", percent));
        }
    }
}
