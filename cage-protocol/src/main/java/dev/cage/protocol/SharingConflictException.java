package dev.cage.protocol;

/** The open mode conflicts with a mode another channel holds; the message names the holder's mode. */
public class SharingConflictException extends CageException {
    private static final long serialVersionUID = 1L;

    public SharingConflictException(String message) {
        super(Status.SHARING_CONFLICT, message);
    }
}
