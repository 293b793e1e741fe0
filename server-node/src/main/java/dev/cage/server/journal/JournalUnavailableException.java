package dev.cage.server.journal;

/**
 * The journal database cannot be used: unreachable, refusing the credentials, corrupt, or failing commits; or the
 * store is closed. Unchecked, because the write path treats it like any other system failure: the operation is
 * not acknowledged. The cause, when there is one, is the database's own exception.
 */
public class JournalUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JournalUnavailableException(String message) {
        super(message);
    }

    public JournalUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
