package dev.cage.protocol;

/** The path is refused: it escapes the root (`..`, absolute, a symlink pointing out) or holds NUL, control characters or invalid UTF-8. */
public class InvalidPathException extends CageException {
    private static final long serialVersionUID = 1L;

    public InvalidPathException(String message) {
        super(Status.INVALID_PATH, message);
    }
}
