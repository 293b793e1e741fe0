package dev.cage.protocol;

/** A session staged more transactional bytes than the node's staging limit; the transaction is rolled back. */
public class TransactionTooLargeException extends CageException {
    private static final long serialVersionUID = 1L;

    public TransactionTooLargeException(String message) {
        super(Status.TRANSACTION_TOO_LARGE, message);
    }
}
