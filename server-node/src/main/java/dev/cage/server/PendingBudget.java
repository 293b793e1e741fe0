package dev.cage.server;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The request and reply bytes all data connections together may have in the node at a time. A connection that finds
 * it spent stops reading ({@link RequestGate}) and is woken when others' requests finish: however many clients send
 * requests and do not read the answers, the node's memory for them stays bounded.
 */
final class PendingBudget {
    private final long total;
    private final AtomicLong spent = new AtomicLong();
    private final Set<RequestGate> waiting = ConcurrentHashMap.newKeySet();

    PendingBudget(long total) {
        this.total = total;
    }

    boolean spent() {
        return spent.get() >= total;
    }

    void take(long bytes) {
        spent.addAndGet(bytes);
    }

    void give(long bytes) {
        if (spent.addAndGet(-bytes) < total && !waiting.isEmpty()) {
            for (RequestGate g : waiting) {
                g.wake();
            }
        }
    }

    /** Wakes {@code gate} when bytes come back, until {@link #stopWaiting}. */
    void await(RequestGate gate) {
        waiting.add(gate);
    }

    void stopWaiting(RequestGate gate) {
        waiting.remove(gate);
    }

    /** Bytes in the node now, for tests and the admin. */
    long inUse() {
        return spent.get();
    }
}
