package dev.cage.adapter;

import dev.cage.client.CageTransaction;
import javax.transaction.xa.Xid;

/**
 * One transaction branch of a managed connection: the staged work of the client transaction, the XA id it
 * runs under ({@code null} for a local transaction), and whether it may only roll back.
 */
final class Branch {
    private final CageTransaction work;
    private final Xid xid;
    private final String label;
    private volatile boolean rollbackOnly;
    private volatile boolean prepared;

    Branch(CageTransaction work, Xid xid, String label) {
        this.work = work;
        this.xid = xid;
        this.label = label;
    }

    /** How the call log names the branch. */
    String label() {
        return label;
    }

    /** The servers hold the staged work durably; only the transaction manager may finish it now. */
    void markPrepared() {
        prepared = true;
    }

    boolean prepared() {
        return prepared;
    }

    CageTransaction work() {
        return work;
    }

    Xid xid() {
        return xid;
    }

    void markRollbackOnly() {
        rollbackOnly = true;
    }

    boolean rollbackOnly() {
        return rollbackOnly;
    }
}
