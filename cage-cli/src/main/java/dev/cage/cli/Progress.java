package dev.cage.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A one-line progress report for a transfer: percent, MiB done and MiB/s, rewritten in place with {@code \r}.
 * Quick transfers stay silent: nothing is printed until {@link #QUIET} has passed, and then at most once per
 * {@link #REFRESH}. {@link #close} ends the line if one was printed.
 *
 * <pre>{@code
 * try (Progress p = new Progress(err, size, System::nanoTime)) {
 *     for (...) { ...; p.update(done); }
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one transfer, one thread.
 */
public final class Progress implements AutoCloseable {
    /** How long a transfer runs before progress is shown. */
    public static final long QUIET = TimeUnit.SECONDS.toNanos(2);
    /** The shortest time between two refreshes. */
    public static final long REFRESH = TimeUnit.MILLISECONDS.toNanos(500);
    private static final double MIB = 1024.0 * 1024.0;

    private final PrintWriter out;
    private final long total;
    private final LongSupplier nanoTime;
    private final long start;
    private long lastShown;
    private boolean shown;
    private long done;
    private long shownDone;
    private int width;
    /** What is counted: {@code null} for bytes (shown in MiB), else the name of the items ("entries"). */
    private String items;

    /**
     * Starts timing a transfer now.
     *
     * @param out        where the line goes (standard error, normally)
     * @param totalBytes the size of the whole transfer, or a negative number if unknown (no percent shown)
     * @param nanoTime   the clock, {@code System::nanoTime} outside tests
     */
    public Progress(PrintWriter out, long totalBytes, LongSupplier nanoTime) {
        this.out = out;
        this.total = totalBytes;
        this.nanoTime = nanoTime;
        this.start = nanoTime.getAsLong();
    }

    /** Progress on standard error with the system clock. */
    public static Progress onStandardError(long totalBytes) {
        return new Progress(new PrintWriter(System.err, true), totalBytes, System::nanoTime);
    }

    /** Progress on standard error counting items (e.g. journal entries) instead of bytes. */
    public static Progress countingOnStandardError(long total, String items) {
        Progress p = onStandardError(total);
        p.items = items;
        return p;
    }

    /** Records that {@code bytesDone} bytes are done in all, and shows it if it is time to. */
    public void update(long bytesDone) {
        this.done = bytesDone;
        long now = nanoTime.getAsLong();
        if (now - start >= QUIET && (!shown || now - lastShown >= REFRESH)) {
            show(now);
        }
    }

    /** Shows the final state, unless it already is, and ends the line, if progress was ever shown. */
    @Override
    public void close() {
        if (shown) {
            if (shownDone != done) {
                show(nanoTime.getAsLong());
            }
            out.println();
            out.flush();
        }
    }

    private void show(long now) {
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        StringBuilder line = new StringBuilder();
        if (total > 0) {
            line.append(String.format(Locale.ROOT, "%3d%%  ", Math.min(100, done * 100 / total)));
        } else if (total == 0) {
            line.append("100%  ");
        }
        if (items != null) {
            line.append(String.format(Locale.ROOT, "%,d", done));
            if (total >= 0) {
                line.append(String.format(Locale.ROOT, " / %,d", total));
            }
            line.append(String.format(Locale.ROOT, " %s  %,.0f/s", items, done / seconds));
        } else {
            line.append(String.format(Locale.ROOT, "%.1f", done / MIB));
            if (total >= 0) {
                line.append(String.format(Locale.ROOT, " / %.1f", total / MIB));
            }
            line.append(String.format(Locale.ROOT, " MiB  %.1f MiB/s", done / MIB / seconds));
        }
        int length = line.length();
        // Spaces wipe what is left of a longer previous line.
        line.append(" ".repeat(Math.max(0, width - length)));
        width = length;
        out.print("\r" + line);
        out.flush();
        shown = true;
        shownDone = done;
        lastShown = now;
    }
}
