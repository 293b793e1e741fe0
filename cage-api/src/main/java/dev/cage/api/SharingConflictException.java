package dev.cage.api;

/** The open mode conflicts with a mode another open holds; the message names the holder's mode. */
public class SharingConflictException extends CageException {
    private static final long serialVersionUID = 1L;

    public SharingConflictException(String message) {
        this(message, null);
    }

    public SharingConflictException(String message, Throwable cause) {
        super(306, "SHARING_CONFLICT", message, cause);
    }
}
