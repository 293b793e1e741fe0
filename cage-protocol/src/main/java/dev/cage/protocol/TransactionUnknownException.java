package dev.cage.protocol;

/**
 * The server holds no such transaction branch: it was never prepared there, was already committed or rolled back,
 * belongs to another user, or (for staged work not yet prepared) died with the session that staged it.
 */
public class TransactionUnknownException extends CageException {
    private static final long serialVersionUID = 1L;

    public TransactionUnknownException(String message) {
        super(Status.TRANSACTION_UNKNOWN, message);
    }
}
