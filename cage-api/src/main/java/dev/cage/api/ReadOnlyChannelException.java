package dev.cage.api;

/** A write to a file opened {@link OpenMode#SHARED_READ}. */
public class ReadOnlyChannelException extends CageException {
    private static final long serialVersionUID = 1L;

    public ReadOnlyChannelException(String message) {
        this(message, null);
    }

    public ReadOnlyChannelException(String message, Throwable cause) {
        super(309, "READ_ONLY_CHANNEL", message, cause);
    }
}
