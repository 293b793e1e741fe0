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
    private volatile boolean rollbackOnly;

    Branch(CageTransaction work, Xid xid) {
        this.work = work;
        this.xid = xid;
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
