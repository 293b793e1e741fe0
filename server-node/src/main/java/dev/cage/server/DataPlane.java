package dev.cage.server;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every data-port connection shares: the file and admin services, the counters, the namespace lane (namespace operations run
 * there one at a time, in arrival order), and the count of requests in flight that shutdown waits for.
 */
final class DataPlane {
    final FileService files;
    final Sessions sessions;
    final Executor namespaceLane;
    final Invalidator invalidator;
    final Journaling journal;
    final TransactionService transactions;
    final AdminService admin;
    final NodeCounters counters;
    /** This node's membership in a replicated group; {@code null} for a standalone node. */
    volatile dev.cage.server.group.RaftMember group;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Request and reply bytes all data connections may hold in the node ({@link RequestGate}). */
    final PendingBudget pending;
    /** The same for one data connection. */
    final long connectionBudget;
    private volatile boolean closing;

    DataPlane(FileService files, Sessions sessions, Invalidator invalidator, Executor pool, Journaling journal,
              TransactionService transactions, AdminService admin, NodeCounters counters, PendingBudget pending,
              long connectionBudget) {
        this.pending = pending;
        this.connectionBudget = connectionBudget;
        this.transactions = transactions;
        this.journal = journal;
        this.admin = admin;
        this.counters = counters;
        this.files = files;
        this.invalidator = invalidator;
        this.sessions = sessions;
        this.namespaceLane = new SerialExecutor(pool);
    }

    /** Counts a request in; returns false once the node is closing, so the caller refuses it. */
    boolean enter() {
        inFlight.incrementAndGet();
        if (closing) {
            inFlight.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Why this node serves no data request now (a group member that is not the ready leader), or {@code null}. */
    String notServing() {
        dev.cage.server.group.RaftMember g = group;
        if (g == null || g.serving() && !witness()) {
            return null;
        }
        if (witness()) {
            return "member " + g.config().self() + " is a witness: it keeps the group's log but no files, and serves"
                + " no reads or changes (" + g.leaderHint() + ")";
        }
        return "member " + g.config().self() + " is not the group's ready leader (" + g.leaderHint() + ")";
    }

    /** Whether this node is a group's witness: it serves nothing but admin requests, not even follower reads. */
    boolean witness() {
        dev.cage.server.group.RaftMember g = group;
        return g != null && g.config().me().witness();
    }

    void exit() {
        inFlight.decrementAndGet();
    }

    void close() {
        closing = true;
    }

    int inFlight() {
        return inFlight.get();
    }
}
