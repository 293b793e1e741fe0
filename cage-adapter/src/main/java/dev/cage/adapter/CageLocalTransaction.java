package dev.cage.adapter;

import dev.cage.protocol.CageException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.LocalTransactionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A resource-manager-local transaction: begin stages, commit sends everything in one request per server (a
 * two-phase exchange when several servers are involved), rollback discards it without a word to any server.
 * The branch lives in the managed connection, so any instance the container asks for finishes it.
 */
final class CageLocalTransaction implements LocalTransaction {
    private static final AtomicLong IDS = new AtomicLong();
    private final CageManagedConnection mc;

    CageLocalTransaction(CageManagedConnection mc) {
        this.mc = mc;
    }

    @Override
    public void begin() throws ResourceException {
        String label = "local-" + IDS.incrementAndGet();
        TransactionCallLog.record(label, "begin");
        if (mc.branches().current() != null) {
            throw new LocalTransactionException("this Cage connection is already in a transaction");
        }
        mc.begin(new Branch(mc.cage().beginTransaction(), null, label));
    }

    @Override
    public void commit() throws ResourceException {
        Branch b = current("commit");
        try {
            b.work().commit();
        } catch (CageException e) {
            // Payara keeps only this exception's text (toString) on its way to the application, so it names the type
            dev.cage.api.CageException api = mc.commitFailed(e);
            throw new LocalTransactionException("the Cage transaction did not commit: " + ApiTypes.describe(api), api);
        } finally {
            mc.finished(b);
        }
    }

    @Override
    public void rollback() throws ResourceException {
        Branch b = current("rollback");
        try {
            b.work().rollback();
        } catch (CageException e) {
            throw new LocalTransactionException("the Cage transaction did not roll back cleanly: " + e.getMessage(), e);
        } finally {
            mc.finished(b);
        }
    }

    private Branch current(String call) throws LocalTransactionException {
        Branch b = mc.branches().current();
        TransactionCallLog.record(b == null ? "local-?" : b.label(), call);
        if (b == null || b.xid() != null) {
            throw new LocalTransactionException(call + " without a local transaction begun on this connection");
        }
        return b;
    }
}
