package dev.cage.protocol;

/**
 * A limit of the node was reached (open channels per session, sessions per user, connections, request sizes);
 * nothing was done. The message names the limit and its value; closing channels or sessions makes room again.
 */
public class LimitReachedException extends CageException {
    private static final long serialVersionUID = 1L;

    public LimitReachedException(String message) {
        super(Status.LIMIT_REACHED, message);
    }
}
