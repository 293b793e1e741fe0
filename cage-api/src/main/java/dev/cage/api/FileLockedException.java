package dev.cage.api;

/** A change to a file locked by a prepared transaction branch, until that branch is committed or rolled back; readers still see the last committed bytes. */
public class FileLockedException extends CageException {
    private static final long serialVersionUID = 1L;

    public FileLockedException(String message) {
        this(message, null);
    }

    public FileLockedException(String message, Throwable cause) {
        super(311, "FILE_LOCKED", message, cause);
    }
}
