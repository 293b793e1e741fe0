package dev.cage.protocol;

/** The session ended (idle timeout or server restart); the client logs in again. */
public class SessionExpiredException extends CageException {
    private static final long serialVersionUID = 1L;

    public SessionExpiredException(String message) {
        super(Status.SESSION_EXPIRED, message);
    }
}
