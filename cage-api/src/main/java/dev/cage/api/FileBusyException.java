package dev.cage.api;

/** The file is open, so it cannot be removed, replaced or rolled back. */
public class FileBusyException extends CageException {
    private static final long serialVersionUID = 1L;

    public FileBusyException(String message) {
        this(message, null);
    }

    public FileBusyException(String message, Throwable cause) {
        super(307, "FILE_BUSY", message, cause);
    }
}
