package dev.cage.it;

import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * A transaction participant that SIGKILLs the Cage node when asked to prepare. Enlisted after the Cage branch,
 * it is prepared after it: the node dies holding a prepared branch, before the transaction manager's commit.
 */
final class NodeKiller implements XAResource {
    private final NodeProcess node;

    NodeKiller(NodeProcess node) {
        this.node = node;
    }

    @Override
    public int prepare(Xid xid) {
        try {
            node.kill();
        } catch (Exception e) {
            throw new IllegalStateException("could not kill the node", e);
        }
        return XA_OK;
    }

    @Override
    public void commit(Xid xid, boolean onePhase) {
    }

    @Override
    public void rollback(Xid xid) {
    }

    @Override
    public void start(Xid xid, int flags) {
    }

    @Override
    public void end(Xid xid, int flags) {
    }

    @Override
    public void forget(Xid xid) {
    }

    @Override
    public Xid[] recover(int flag) {
        return new Xid[0];
    }

    @Override
    public boolean isSameRM(XAResource other) {
        return other == this;
    }

    @Override
    public int getTransactionTimeout() {
        return 0;
    }

    @Override
    public boolean setTransactionTimeout(int seconds) {
        return false;
    }
}
