package dev.cage.server;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The latest changes of one file's bytes (each with its version and byte range), so that a transaction's commit can
 * tell whether a range it writes changed after the transaction began: first committer wins.
 *
 * <p>Only the last {@value #KEPT} changes are kept. A transaction that began before the oldest of them cannot be
 * checked and counts as conflicting (it is refused rather than allowed to overwrite a change unseen).
 *
 * <p>Threads: recorded on the file's lane, checked by a commit that holds the lane; synchronized all the same.
 */
final class ChangeHistory {
    static final int KEPT = 1024;

    /** A change: the file's version after it, and the bytes {@code [from, to)} it changed. */
    record Entry(long version, long from, long to) {
    }

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    /** Every change after this version is in {@code entries}. */
    private long complete;

    ChangeHistory(long initialVersion) {
        this.complete = initialVersion;
    }

    synchronized void record(long version, long from, long to) {
        if (entries.size() == KEPT) {
            complete = entries.removeFirst().version();
        }
        entries.addLast(new Entry(version, from, to));
    }

    /**
     * The first change after version {@code base} to bytes overlapping {@code [from, to)}; {@code null} if none. If the
     * history does not reach back to {@code base}, an entry covering every byte since it stands for the unknown changes.
     */
    synchronized Entry changedSince(long base, long from, long to) {
        if (base < complete) {
            Entry newest = entries.peekLast();
            return new Entry(newest == null ? complete : newest.version(), 0, Long.MAX_VALUE);
        }
        for (Iterator<Entry> it = entries.descendingIterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.version() <= base) {
                break;
            }
            if (e.from() < to && from < e.to()) {
                return e;
            }
        }
        return null;
    }
}
