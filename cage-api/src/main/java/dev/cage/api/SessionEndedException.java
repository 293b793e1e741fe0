package dev.cage.api;

/**
 * An administrator ended the session: the connection's open channels are closed. The call that learns of it fails
 * with this exception; the next call logs in again.
 */
public class SessionEndedException extends CageException {
    private static final long serialVersionUID = 1L;

    public SessionEndedException(String message) {
        this(message, null);
    }

    public SessionEndedException(String message, Throwable cause) {
        super(204, "SESSION_ENDED", message, cause);
    }
}
