package dev.cage.adapter;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last transaction calls the container made on this adapter's XA resources and local transactions
 * ({@code start(TMNOFLAGS)}, {@code end(TMSUCCESS)}, {@code prepare}, {@code commit(2pc)}, {@code begin}, ...),
 * oldest first. For diagnostics and for tests that assert the exact sequence a transaction manager drives;
 * bounded, so it costs nothing to keep on.
 */
public final class TransactionCallLog {
    private static final int CAPACITY = 1024;
    private static final Deque<Entry> ENTRIES = new ArrayDeque<>();
    private static long next;

    /**
     * One call.
     *
     * @param seq    position in the log, growing by one per call
     * @param branch the branch it was about: the XA global id in hex, or {@code local-N}
     * @param call   the call and its flags, e.g. {@code end(TMSUCCESS)}
     */
    public record Entry(long seq, String branch, String call) {
    }

    private TransactionCallLog() {
    }

    static synchronized void record(String branch, String call) {
        if (ENTRIES.size() == CAPACITY) {
            ENTRIES.removeFirst();
        }
        ENTRIES.addLast(new Entry(next++, branch, call));
    }

    /** The sequence number the next call will get: remember it, then ask {@link #since}. */
    public static synchronized long mark() {
        return next;
    }

    /** Calls recorded from {@code mark} on, oldest first. */
    public static synchronized List<Entry> since(long mark) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : ENTRIES) {
            if (e.seq() >= mark) {
                out.add(e);
            }
        }
        return out;
    }
}
