package dev.cage.api;

/** The session ended (idle timeout or server restart). */
public class SessionExpiredException extends CageException {
    private static final long serialVersionUID = 1L;

    public SessionExpiredException(String message) {
        this(message, null);
    }

    public SessionExpiredException(String message, Throwable cause) {
        super(202, "SESSION_EXPIRED", message, cause);
    }
}
