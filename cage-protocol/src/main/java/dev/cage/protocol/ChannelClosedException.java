package dev.cage.protocol;

/** The channel was closed, or its session ended. */
public class ChannelClosedException extends CageException {
    private static final long serialVersionUID = 1L;

    public ChannelClosedException(String message) {
        super(Status.CHANNEL_CLOSED, message);
    }
}
