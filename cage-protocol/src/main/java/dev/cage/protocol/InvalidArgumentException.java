package dev.cage.protocol;

/** A negative offset, a length over the limit, or another argument out of range. */
public class InvalidArgumentException extends CageException {
    private static final long serialVersionUID = 1L;

    public InvalidArgumentException(String message) {
        super(Status.INVALID_ARGUMENT, message);
    }
}
