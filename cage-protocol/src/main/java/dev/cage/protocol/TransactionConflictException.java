package dev.cage.protocol;

/**
 * A transaction wrote a range of a file that another transaction (or a plain write) changed after this one began:
 * first committer wins, and this transaction is rolled back, with nothing of it applied. The message names the file
 * and the conflicting range. Catch it to retry the transaction from its start (its reads saw bytes that are gone).
 */
public class TransactionConflictException extends CageException {
    private static final long serialVersionUID = 1L;

    public TransactionConflictException(String message) {
        super(Status.TRANSACTION_CONFLICT, message);
    }
}
