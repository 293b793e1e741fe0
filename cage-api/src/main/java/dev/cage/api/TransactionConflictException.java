package dev.cage.api;

import java.util.Optional;

/**
 * A transaction wrote a range of a file that another transaction (or a plain write) changed after this one began:
 * first committer wins, and this transaction was rolled back with nothing of it applied. The message names the file
 * and the range. Retry the transaction from its start.
 *
 * <p>In a container the transaction manager reports a failed commit in its own terms ({@code RollbackException},
 * {@code EJBTransactionRolledbackException}) and may drop the cause; {@link #causeOf(Throwable)} finds the conflict
 * anyway, so an application can tell "retry" from "give up".
 */
public class TransactionConflictException extends CageException {
    private static final long serialVersionUID = 1L;
    private static final int MAX_CAUSES = 64;
    /** The conflict that failed the last Cage commit or prepare on this thread, for containers that drop causes. */
    private static final ThreadLocal<TransactionConflictException> FAILED_ON_THIS_THREAD = new ThreadLocal<>();

    public TransactionConflictException(String message) {
        this(message, null);
    }

    public TransactionConflictException(String message, Throwable cause) {
        super(314, "TRANSACTION_CONFLICT", message, cause);
    }

    /**
     * The conflict behind {@code failure}: found in its chain of causes, or else the conflict that failed the last
     * Cage transaction this thread tried to commit (a transaction manager commits on the thread that ends the
     * transaction: the {@code UserTransaction.commit} caller, or the caller of a container-managed method). The
     * record is consumed by this call and cleared when this thread begins a new Cage transaction.
     */
    public static Optional<TransactionConflictException> causeOf(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < MAX_CAUSES; t = t.getCause(), depth++) {
            if (t instanceof TransactionConflictException conflict) {
                FAILED_ON_THIS_THREAD.remove();
                return Optional.of(conflict);
            }
        }
        TransactionConflictException recorded = FAILED_ON_THIS_THREAD.get();
        FAILED_ON_THIS_THREAD.remove();
        return failure == null ? Optional.empty() : Optional.ofNullable(recorded);
    }

    /** For resource adapters: a Cage commit or prepare on this thread failed with {@code conflict}. */
    public static void recordFailedCommit(TransactionConflictException conflict) {
        FAILED_ON_THIS_THREAD.set(conflict);
    }

    /** For resource adapters: this thread begins a Cage transaction, so an older failure no longer applies. */
    public static void forgetFailedCommit() {
        FAILED_ON_THIS_THREAD.remove();
    }
}
