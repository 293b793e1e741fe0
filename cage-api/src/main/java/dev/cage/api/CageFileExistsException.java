package dev.cage.api;

/** The file or directory already exists. */
public class CageFileExistsException extends CageException {
    private static final long serialVersionUID = 1L;

    public CageFileExistsException(String message) {
        this(message, null);
    }

    public CageFileExistsException(String message, Throwable cause) {
        super(301, "ALREADY_EXISTS", message, cause);
    }
}
