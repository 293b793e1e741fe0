package dev.cage.protocol;

/** The file or directory does not exist. */
public class CageFileNotFoundException extends CageException {
    private static final long serialVersionUID = 1L;

    public CageFileNotFoundException(String message) {
        super(Status.NOT_FOUND, message);
    }
}
