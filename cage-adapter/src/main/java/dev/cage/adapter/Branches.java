package dev.cage.adapter;

import dev.cage.client.CageChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.transaction.xa.Xid;

/**
 * The transaction branches of one managed connection. At most one is associated with the connection's
 * work at a time ({@link #current()}: between XA start and end, or LocalTransaction begin and its end); ended
 * XA branches wait here for prepare and commit. Files closed while any branch is open are closed only when
 * the last one finishes, because their staged writes are sent at prepare or commit.
 */
final class Branches {
    private final Map<XidKey, Branch> open = new ConcurrentHashMap<>();
    private final List<CageChannel> deferredCloses = new ArrayList<>();
    private volatile Branch current;

    Branch current() {
        return current;
    }

    void associate(Branch b) {
        current = b;
        if (b.xid() != null) {
            open.put(XidKey.of(b.xid()), b);
        }
    }

    void dissociate() {
        current = null;
    }

    Branch get(Xid xid) {
        return open.get(XidKey.of(xid));
    }

    /** Forgets a finished branch; returns the files whose close waited for it, if it was the last one. */
    synchronized List<CageChannel> finish(Branch b) {
        if (b.xid() != null) {
            open.remove(XidKey.of(b.xid()));
        }
        if (current == b) {
            current = null;
        }
        if (!busy()) {
            List<CageChannel> closes = new ArrayList<>(deferredCloses);
            deferredCloses.clear();
            return closes;
        }
        return List.of();
    }

    /** Whether a close must wait; if so, the channel is remembered for later. */
    synchronized boolean deferClose(CageChannel ch) {
        if (busy()) {
            deferredCloses.add(ch);
            return true;
        }
        return false;
    }

    boolean busy() {
        return current != null || !open.isEmpty();
    }

    /** Drops every branch without telling a server (the connection is being destroyed). */
    synchronized List<Branch> clear() {
        List<Branch> all = new ArrayList<>(open.values());
        if (current != null && !all.contains(current)) {
            all.add(current);
        }
        open.clear();
        current = null;
        return all;
    }
}
