package dev.cage.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Changes already applied to one file whose invalidations other clients have not all answered yet.
 *
 * <p>Why: a change is on the disk before every cached copy of the old bytes is gone. A reply that shows the new
 * bytes (or the new size) must therefore wait until those copies are gone, or a client could read the new bytes
 * here and, after that, another client could still read the old ones from its cache: no single order of the
 * operations would explain both reads. Holding such replies back makes every read that returns a change end
 * after every cache has dropped what the change replaced, which is what makes reads linearizable.
 *
 * <p>A change is registered on the file's lane before the lane moves on, so any reply built later on the lane
 * sees it. Files nobody else caches never register anything; their replies pay one volatile read.
 */
final class PendingChanges {
    /** A change in flight: its byte range, and the replies waiting for it. */
    static final class Entry {
        private final long from;
        private final long to;
        private final List<Runnable> waiters = new ArrayList<>(2);

        private Entry(long from, long to) {
            this.from = from;
            this.to = to;
        }

        private boolean overlaps(long offset, long length) {
            long end = length > Long.MAX_VALUE - offset ? Long.MAX_VALUE : offset + length;
            return offset < to && from < end;
        }
    }

    private final List<Entry> entries = new ArrayList<>(2);
    private volatile int count;

    /** Registers a change of {@code [offset, offset+length)}; call {@link #answered} with the result when it is. */
    synchronized Entry add(long offset, long length) {
        long to = length > Long.MAX_VALUE - offset ? Long.MAX_VALUE : offset + length;
        Entry e = new Entry(offset, to);
        entries.add(e);
        count = entries.size();
        return e;
    }

    /** Every client that held the old bytes has dropped them: the replies waiting for this change may go. */
    void answered(Entry e) {
        List<Runnable> go;
        synchronized (this) {
            entries.remove(e);
            count = entries.size();
            go = List.copyOf(e.waiters);
            e.waiters.clear();
        }
        go.forEach(Runnable::run);
    }

    /**
     * Runs {@code send} once every change now pending that overlaps {@code [offset, offset+length)} is answered.
     * Returns false, without running it, if none is pending: the caller sends at once.
     */
    boolean deferIfPending(long offset, long length, Runnable send) {
        if (count == 0) {
            return false;
        }
        synchronized (this) {
            List<Entry> overlapping = new ArrayList<>(entries.size());
            for (Entry e : entries) {
                if (e.overlaps(offset, length)) {
                    overlapping.add(e);
                }
            }
            if (overlapping.isEmpty()) {
                return false;
            }
            AtomicInteger left = new AtomicInteger(overlapping.size());
            Runnable countDown = () -> {
                if (left.decrementAndGet() == 0) {
                    send.run();
                }
            };
            for (Entry e : overlapping) {
                e.waiters.add(countDown);
            }
            return true;
        }
    }
}
