package dev.cage.adapter;

import dev.cage.client.TxId;
import dev.cage.protocol.CageException;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.io.UncheckedIOException;

/**
 * Prepares a branch before the transaction manager completes the transaction, when its commit would probably fail as
 * a conflict, so that the failure reaches the application as the cause of the manager's exception.
 *
 * <p>Why here: a transaction manager reports a failed commit in its own terms, and Payara's (6.2025.10) keeps nothing
 * of an {@code XAException}: its JTS answers a failed {@code prepare} or one-phase {@code commit}, whatever the XA
 * code, cause and message, with a bare {@code RollbackException}, and its local transactions turn a
 * {@code LocalTransaction}'s exception into a {@code SystemException} holding only its text. The one failure both
 * hand on as the cause is a runtime exception from a synchronization's {@code beforeCompletion}, as with a JPA flush
 * that fails there. So that is where the node gives its verdict, when this client has heard of another commit to one
 * of the branch's files since the branch began on it ({@link dev.cage.client.CageTransaction#heardChangeSinceBegan}).
 * Any other commit keeps its one phase and pays nothing; if it fails after all (a change still on its way, a file
 * locked by a prepared transaction, too much staged), the manager's exception has no cause, and
 * {@code TransactionConflictException.causeOf} still finds a conflict.
 *
 * <p>Runs on the thread that ends the transaction. Once prepared, the branch is finished by the manager's calls as
 * usual ({@link CageXAResource#prepare} answers at once); a branch whose early prepare failed is already rolled back
 * on every server, and the manager's rollback finds nothing left to do.
 */
final class EarlyPrepare implements Synchronization {
    private final CageManagedConnection mc;
    private final Branch branch;

    private EarlyPrepare(CageManagedConnection mc, Branch branch) {
        this.mc = mc;
        this.branch = branch;
    }

    /** Registers for the JTA transaction of this thread, if there is one and the container offers a registry. */
    static void register(CageManagedConnection mc, Branch b, TransactionSynchronizationRegistry registry) {
        if (registry == null || registry.getTransactionKey() == null) {
            return;
        }
        try {
            registry.registerInterposedSynchronization(new EarlyPrepare(mc, b));
        } catch (IllegalStateException e) {
            // already completing: the manager's own calls decide, as without a registry
        }
    }

    /** @throws UncheckedIOException naming the Cage failure, which is its cause, if the branch cannot commit */
    @Override
    public void beforeCompletion() {
        if (branch.rollbackOnly() || branch.prepared() || !branch.work().heardChangeSinceBegan()) {
            return;
        }
        TransactionCallLog.record(branch.label(), "prepare(beforeCompletion)");
        try {
            if (branch.work().prepare(id())) {
                branch.markPrepared();
            }
        } catch (CageException e) {
            dev.cage.api.CageException api = mc.commitFailed(e);
            TransactionCallLog.record(branch.label(), "prepare(beforeCompletion) failed: " + api.getClass().getSimpleName());
            throw new UncheckedIOException("the Cage transaction " + branch.label() + " cannot commit: "
                + ApiTypes.describe(api), api);
        }
    }

    /** An XA branch prepares under its own id, which the manager's recovery knows; a local one under a new id. */
    private TxId id() {
        return branch.xid() == null ? TxId.random() : XidKey.of(branch.xid()).toTxId();
    }

    @Override
    public void afterCompletion(int status) {
        // the XAResource or the LocalTransaction finishes the branch
    }
}
