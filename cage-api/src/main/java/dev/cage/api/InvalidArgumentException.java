package dev.cage.api;

/** A negative offset, a length over the limit, or another argument out of range. */
public class InvalidArgumentException extends CageException {
    private static final long serialVersionUID = 1L;

    public InvalidArgumentException(String message) {
        this(message, null);
    }

    public InvalidArgumentException(String message, Throwable cause) {
        super(310, "INVALID_ARGUMENT", message, cause);
    }
}
