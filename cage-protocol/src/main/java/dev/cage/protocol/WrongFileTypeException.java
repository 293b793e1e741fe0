package dev.cage.protocol;

/** A directory where a file was expected, or the reverse, or a directory that is not empty. */
public class WrongFileTypeException extends CageException {
    private static final long serialVersionUID = 1L;

    public WrongFileTypeException(Status status, String message) {
        super(status, message);
    }
}
