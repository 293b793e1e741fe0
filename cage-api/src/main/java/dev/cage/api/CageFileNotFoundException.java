package dev.cage.api;

/** The file or directory does not exist. */
public class CageFileNotFoundException extends CageException {
    private static final long serialVersionUID = 1L;

    public CageFileNotFoundException(String message) {
        this(message, null);
    }

    public CageFileNotFoundException(String message, Throwable cause) {
        super(300, "NOT_FOUND", message, cause);
    }
}
