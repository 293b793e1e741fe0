package dev.cage.api;

/** The file or the connection was closed (a connection handle used after close fails so). */
public class ChannelClosedException extends CageException {
    private static final long serialVersionUID = 1L;

    public ChannelClosedException(String message) {
        this(message, null);
    }

    public ChannelClosedException(String message, Throwable cause) {
        super(308, "CHANNEL_CLOSED", message, cause);
    }
}
