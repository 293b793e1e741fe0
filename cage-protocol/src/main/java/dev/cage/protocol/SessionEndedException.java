package dev.cage.protocol;

/**
 * An administrator ended the session: its open channels are closed. The call that learns of it fails with this
 * exception (once); the next call logs in again, with no channels open.
 */
public class SessionEndedException extends CageException {
    private static final long serialVersionUID = 1L;

    public SessionEndedException(String message) {
        super(Status.SESSION_ENDED, message);
    }
}
