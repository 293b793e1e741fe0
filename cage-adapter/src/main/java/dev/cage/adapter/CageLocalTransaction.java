package dev.cage.adapter;

import dev.cage.protocol.CageException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.LocalTransactionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A resource-manager-local transaction: begin stages, commit sends everything in one request per server (a
 * two-phase exchange when several servers are involved), rollback discards it without a word to any server.
 */
final class CageLocalTransaction implements LocalTransaction {
    private static final AtomicLong IDS = new AtomicLong();
    private final CageManagedConnection mc;
    private Branch branch;
    private String label;

    CageLocalTransaction(CageManagedConnection mc) {
        this.mc = mc;
    }

    @Override
    public void begin() throws ResourceException {
        if (mc.branches().current() != null) {
            throw new LocalTransactionException("this Cage connection is already in a transaction");
        }
        label = "local-" + IDS.incrementAndGet();
        TransactionCallLog.record(label, "begin");
        branch = new Branch(mc.cage().beginTransaction(), null);
        mc.branches().associate(branch);
    }

    @Override
    public void commit() throws ResourceException {
        Branch b = take("commit");
        try {
            b.work().commit();
        } catch (CageException e) {
            mc.failed(e);
            throw new LocalTransactionException("the Cage transaction did not commit: " + e.getMessage(), e);
        } finally {
            mc.finished(b);
        }
    }

    @Override
    public void rollback() throws ResourceException {
        Branch b = take("rollback");
        try {
            b.work().rollback();
        } catch (CageException e) {
            throw new LocalTransactionException("the Cage transaction did not roll back cleanly: " + e.getMessage(), e);
        } finally {
            mc.finished(b);
        }
    }

    private Branch take(String call) throws LocalTransactionException {
        TransactionCallLog.record(label == null ? "local-?" : label, call);
        Branch b = branch;
        if (b == null) {
            throw new LocalTransactionException(call + " without begin");
        }
        branch = null;
        return b;
    }
}
