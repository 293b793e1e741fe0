package dev.cage.api;

/**
 * The node asked is a member of a replicated group but not its leader, and did nothing with the request; the
 * message names the leader it knows of. A connection configured with the group's other members tries them itself,
 * so an application sees this only when none of them leads within the timeout.
 */
public class NotLeaderException extends ServerUnavailableException {
    private static final long serialVersionUID = 1L;

    public NotLeaderException(String message) {
        this(message, null);
    }

    public NotLeaderException(String message, Throwable cause) {
        super(505, "NOT_LEADER", message, cause);
    }
}
