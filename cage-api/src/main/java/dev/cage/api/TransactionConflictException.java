package dev.cage.api;

/**
 * A transaction wrote a range of a file that another transaction (or a plain write) changed after this one began:
 * first committer wins, and this transaction was rolled back with nothing of it applied. The message names the file
 * and the range. Retry the transaction from its start.
 */
public class TransactionConflictException extends CageException {
    private static final long serialVersionUID = 1L;

    public TransactionConflictException(String message) {
        this(message, null);
    }

    public TransactionConflictException(String message, Throwable cause) {
        super(314, "TRANSACTION_CONFLICT", message, cause);
    }
}
