package dev.cage.protocol;

/** The file is open, so it cannot be removed or replaced. */
public class FileBusyException extends CageException {
    private static final long serialVersionUID = 1L;

    public FileBusyException(String message) {
        super(Status.FILE_BUSY, message);
    }
}
