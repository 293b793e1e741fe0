package dev.cage.api;

/** A directory where a file was expected, or the reverse, or a directory that is not empty. */
public class WrongFileTypeException extends CageException {
    private static final long serialVersionUID = 1L;

    public WrongFileTypeException(int code, String status, String message) {
        this(code, status, message, null);
    }

    public WrongFileTypeException(int code, String status, String message, Throwable cause) {
        super(code, status, message, cause);
    }
}
