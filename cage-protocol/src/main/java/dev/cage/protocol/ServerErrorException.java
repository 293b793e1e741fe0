package dev.cage.protocol;

/** The server failed to do the operation (an I/O error on its disk, an internal error). */
public class ServerErrorException extends CageException {
    private static final long serialVersionUID = 1L;

    public ServerErrorException(Status status, String message) {
        super(status, message);
    }
}
