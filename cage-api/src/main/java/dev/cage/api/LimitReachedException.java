package dev.cage.api;

/** A limit of the node was reached (open channels, sessions, connections, request sizes); nothing was done. */
public class LimitReachedException extends CageException {
    private static final long serialVersionUID = 1L;

    public LimitReachedException(String message) {
        this(message, null);
    }

    public LimitReachedException(String message, Throwable cause) {
        super(315, "LIMIT_REACHED", message, cause);
    }
}
