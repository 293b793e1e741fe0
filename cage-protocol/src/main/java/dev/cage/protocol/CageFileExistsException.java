package dev.cage.protocol;

/** The file or directory already exists. */
public class CageFileExistsException extends CageException {
    private static final long serialVersionUID = 1L;

    public CageFileExistsException(String message) {
        super(Status.ALREADY_EXISTS, message);
    }
}
