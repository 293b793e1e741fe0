package dev.cage.adapter;

import dev.cage.client.Cage;
import dev.cage.client.TxId;
import dev.cage.protocol.CageException;
import dev.cage.protocol.TransactionUnknownException;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * The XA face of a managed connection. start/end associate the connection's work with a branch; prepare
 * sends the staged writes to every server involved, which make them durable in their journals and lock the
 * files; commit and rollback finish them. A branch this connection does not hold (the transaction manager
 * finishing in-doubt work after a crash, through a fresh connection) is finished by id on every server.
 */
final class CageXAResource implements XAResource {
    private final CageManagedConnection mc;

    CageXAResource(CageManagedConnection mc) {
        this.mc = mc;
    }

    @Override
    public void start(Xid xid, int flags) throws XAException {
        record(xid, "start(" + flagNames(flags) + ")");
        Branches branches = mc.branches();
        if (flags == TMNOFLAGS) {
            if (branches.get(xid) != null) {
                throw XaErrors.of(XAException.XAER_DUPID, "branch " + XidKey.of(xid) + " was already started here");
            }
            if (branches.current() != null) {
                throw XaErrors.of(XAException.XAER_PROTO, "this Cage connection is already working for another branch");
            }
            mc.begin(new Branch(mc.cage().beginTransaction(), XidKey.of(xid), XidKey.of(xid).toString()));
        } else if ((flags & (TMJOIN | TMRESUME)) != 0) {
            Branch b = branches.get(xid);
            if (b == null) {
                throw XaErrors.of(XAException.XAER_NOTA, "no branch " + XidKey.of(xid) + " to join or resume here");
            }
            branches.associate(b);
        } else {
            throw XaErrors.of(XAException.XAER_INVAL, "start with flags " + flagNames(flags));
        }
    }

    @Override
    public void end(Xid xid, int flags) throws XAException {
        record(xid, "end(" + flagNames(flags) + ")");
        Branch b = known(xid);
        if ((flags & TMFAIL) != 0) {
            b.markRollbackOnly();
        }
        mc.branches().dissociate();
    }

    @Override
    public int prepare(Xid xid) throws XAException {
        record(xid, "prepare");
        try {
            return doPrepare(xid);
        } catch (XAException e) {
            throw failed(xid, "prepare", e);
        }
    }

    private int doPrepare(Xid xid) throws XAException {
        Branch b = known(xid);
        if (b.rollbackOnly()) {
            discard(b);
            throw XaErrors.of(XAException.XA_RBROLLBACK, "branch " + b.xid() + " was marked to roll back");
        }
        if (b.prepared()) {
            return XA_OK; // before completion (EarlyPrepare)
        }
        try {
            if (!b.work().prepare(XidKey.of(xid).toTxId())) {
                mc.finished(b);
                return XA_RDONLY;
            }
            b.markPrepared();
            return XA_OK;
        } catch (CageException e) {
            mc.commitFailed(e);
            discard(b);
            throw XaErrors.map(e, XAException.XA_RBROLLBACK, "branch " + b.xid() + " could not prepare and rolled back");
        }
    }

    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
        String call = onePhase ? "commit(1pc)" : "commit(2pc)";
        record(xid, call);
        try {
            doCommit(xid, onePhase);
        } catch (XAException e) {
            throw failed(xid, call, e);
        }
    }

    private void doCommit(Xid xid, boolean onePhase) throws XAException {
        Branch b = mc.branches().get(xid);
        if (b == null) {
            if (onePhase) {
                throw XaErrors.of(XAException.XAER_NOTA, "no branch " + XidKey.of(xid) + " to commit in one phase");
            }
            finishElsewhere(xid, true);
            return;
        }
        if (onePhase && b.rollbackOnly()) {
            discard(b);
            throw XaErrors.of(XAException.XA_RBROLLBACK, "branch " + b.xid() + " was marked to roll back");
        }
        try {
            b.work().commit();
            mc.finished(b);
        } catch (CageException e) {
            mc.commitFailed(e);
            if (onePhase) {
                mc.finished(b);
            }
            // A one-phase commit that fails leaves nothing behind. A prepared branch (two-phase, or prepared before
            // completion) stays on the servers, so the manager may retry, here or after recovery.
            boolean rolledBack = onePhase && !b.prepared();
            throw XaErrors.map(e, rolledBack ? XAException.XA_RBROLLBACK : XAException.XAER_RMERR,
                "branch " + b.xid() + " did not commit");
        }
    }

    @Override
    public void rollback(Xid xid) throws XAException {
        record(xid, "rollback");
        try {
            doRollback(xid);
        } catch (XAException e) {
            throw failed(xid, "rollback", e);
        }
    }

    private void doRollback(Xid xid) throws XAException {
        Branch b = mc.branches().get(xid);
        if (b == null) {
            finishElsewhere(xid, false);
            return;
        }
        try {
            b.work().rollback();
            mc.finished(b);
        } catch (CageException e) {
            mc.failed(e);
            throw XaErrors.map(e, XAException.XAER_RMERR, "branch " + b.xid() + " did not roll back");
        }
    }

    /** Finishes a prepared branch by id on every server that holds it; XAER_NOTA when none does. */
    private void finishElsewhere(Xid xid, boolean commit) throws XAException {
        TxId id = XidKey.of(xid).toTxId();
        Cage cage = mc.cage();
        boolean found = false;
        for (String server : cage.servers()) {
            try {
                if (commit) {
                    cage.commitPrepared(server, id);
                } else {
                    cage.rollbackPrepared(server, id);
                }
                found = true;
            } catch (TransactionUnknownException e) {
                // that server had no part in the branch
            } catch (CageException e) {
                mc.failed(e);
                throw XaErrors.map(e, XAException.XAER_RMERR,
                    (commit ? "commit" : "rollback") + " of in-doubt branch " + XidKey.of(xid) + " on " + server);
            }
        }
        if (!found) {
            throw XaErrors.of(XAException.XAER_NOTA, "no server holds a prepared branch " + XidKey.of(xid));
        }
    }

    /** Every prepared branch on every server this connection reaches, on the start of a scan. */
    @Override
    public Xid[] recover(int flags) throws XAException {
        TransactionCallLog.record("-", "recover(" + flagNames(flags) + ")");
        if ((flags & TMSTARTRSCAN) == 0) {
            return new Xid[0];
        }
        Set<XidKey> found = new LinkedHashSet<>();
        Cage cage = mc.cage();
        for (String server : cage.servers()) {
            try {
                cage.recover(server).forEach(id -> found.add(XidKey.of(id)));
            } catch (CageException e) {
                mc.failed(e);
                throw XaErrors.map(e, XAException.XAER_RMERR, "recover on " + server);
            }
        }
        return found.toArray(new Xid[0]);
    }

    /** Cage never decides an outcome on its own, so there is nothing to forget. */
    @Override
    public void forget(Xid xid) {
        record(xid, "forget");
    }

    /** Each managed connection stages its own work, so only the same resource is the same resource manager. */
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

    private Branch known(Xid xid) throws XAException {
        Branch b = mc.branches().get(xid);
        if (b == null) {
            throw XaErrors.of(XAException.XAER_NOTA, "no branch " + XidKey.of(xid) + " on this Cage connection");
        }
        return b;
    }

    private void discard(Branch b) {
        try {
            b.work().rollback();
        } catch (CageException e) {
            mc.log("discarding branch " + b.xid() + " failed: " + e.getMessage());
        } finally {
            mc.finished(b);
        }
    }

    /** Records how a call failed ({@code commit(2pc) failed: XAER_RMFAIL}), so a reader of the log sees outcomes. */
    private static XAException failed(Xid xid, String call, XAException e) {
        record(xid, call + " failed: " + XaErrors.name(e.errorCode));
        System.getLogger(CageXAResource.class.getName()).log(System.Logger.Level.WARNING,
            call + " of " + XidKey.of(xid) + " failed with " + XaErrors.name(e.errorCode) + ": " + e.getMessage());
        return e;
    }

    private static void record(Xid xid, String call) {
        TransactionCallLog.record(XidKey.of(xid).toString(), call);
    }

    static String flagNames(int flags) {
        if (flags == TMNOFLAGS) {
            return "TMNOFLAGS";
        }
        StringBuilder s = new StringBuilder();
        int[] bits = {TMJOIN, TMRESUME, TMSUCCESS, TMFAIL, TMSUSPEND, TMSTARTRSCAN, TMENDRSCAN, TMONEPHASE};
        String[] names = {"TMJOIN", "TMRESUME", "TMSUCCESS", "TMFAIL", "TMSUSPEND", "TMSTARTRSCAN", "TMENDRSCAN", "TMONEPHASE"};
        for (int i = 0; i < bits.length; i++) {
            if ((flags & bits[i]) != 0) {
                s.append(s.length() == 0 ? "" : "|").append(names[i]);
            }
        }
        return s.toString();
    }
}
