package dev.cage.api;

/** The node holds no such transaction branch: never prepared there, already finished, another user's, or lost with its session. */
public class TransactionUnknownException extends CageException {
    private static final long serialVersionUID = 1L;

    public TransactionUnknownException(String message) {
        this(message, null);
    }

    public TransactionUnknownException(String message, Throwable cause) {
        super(312, "TRANSACTION_UNKNOWN", message, cause);
    }
}
