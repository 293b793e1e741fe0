package dev.cage.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Changes already applied to one file whose invalidations other clients have not all answered yet.
 *
 * <p>Why: a change is on the disk before every cached copy of the old bytes is gone. A reply that shows the file as
 * it is now (its bytes, its size, or just its new version) must therefore wait until those copies are gone, or a
 * client could read the new bytes here and, after that, another client could still read the old ones from its
 * cache: no single order of the operations would explain both reads. Holding such replies back makes every read
 * that returns a change end after every cache has dropped what the change replaced, which is what makes reads
 * linearizable. It is also what makes a version a client heard of trustworthy: a client that knows version
 * <i>v</i> has already dropped every page a change up to <i>v</i> replaced (a transaction begins at the version its
 * client knows; see {@link FirstCommitterWins}). So replies wait for every pending change of the file, not only
 * those that overlap what they show.
 *
 * <p>A change is registered on the file's lane before the lane moves on, so any reply built later on the lane
 * sees it. Files nobody else has open never register anything; their replies pay one volatile read.
 */
final class PendingChanges {
    /** A change in flight, and the replies waiting for it. */
    static final class Entry {
        private final List<Runnable> waiters = new ArrayList<>(2);
    }

    private final List<Entry> entries = new ArrayList<>(2);
    private volatile int count;

    /** Registers a change; call {@link #answered} with the result once every other client has dropped the old bytes. */
    synchronized Entry add() {
        Entry e = new Entry();
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
     * Runs {@code send} once every change pending now is answered. Returns false, without running it, if none is:
     * the caller sends at once.
     */
    boolean deferIfPending(Runnable send) {
        if (count == 0) {
            return false;
        }
        synchronized (this) {
            if (entries.isEmpty()) {
                return false;
            }
            AtomicInteger left = new AtomicInteger(entries.size());
            Runnable countDown = () -> {
                if (left.decrementAndGet() == 0) {
                    send.run();
                }
            };
            for (Entry e : entries) {
                e.waiters.add(countDown);
            }
            return true;
        }
    }
}
