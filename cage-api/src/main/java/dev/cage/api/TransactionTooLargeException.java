package dev.cage.api;

/** A transaction staged more bytes than the node accepts; it is rolled back. */
public class TransactionTooLargeException extends CageException {
    private static final long serialVersionUID = 1L;

    public TransactionTooLargeException(String message) {
        this(message, null);
    }

    public TransactionTooLargeException(String message, Throwable cause) {
        super(313, "TRANSACTION_TOO_LARGE", message, cause);
    }
}
