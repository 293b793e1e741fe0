package dev.cage.api;

/** The path is refused: it escapes the root or holds NUL, control characters or invalid UTF-8. */
public class InvalidPathException extends CageException {
    private static final long serialVersionUID = 1L;

    public InvalidPathException(String message) {
        this(message, null);
    }

    public InvalidPathException(String message, Throwable cause) {
        super(302, "INVALID_PATH", message, cause);
    }
}
