package dev.cage.protocol;

/** A write on a channel opened SHARED_READ. */
public class ReadOnlyChannelException extends CageException {
    private static final long serialVersionUID = 1L;

    public ReadOnlyChannelException(String message) {
        super(Status.READ_ONLY_CHANNEL, message);
    }
}
