package dev.cage.protocol;

/**
 * The node asked is a member of a replicated group but not its serving leader; it did nothing with the request. The
 * client asks another member of the group (the message names the leader the node knows of, if any).
 */
public class NotLeaderException extends ServerUnavailableException {
    private static final long serialVersionUID = 1L;

    public NotLeaderException(String message) {
        super(Status.NOT_LEADER, message);
    }
}
