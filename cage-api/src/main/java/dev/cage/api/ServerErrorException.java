package dev.cage.api;

/** The server failed to do the operation (an I/O error on its disk, an internal error, its journal unavailable). */
public class ServerErrorException extends CageException {
    private static final long serialVersionUID = 1L;

    public ServerErrorException(int code, String status, String message) {
        this(code, status, message, null);
    }

    public ServerErrorException(int code, String status, String message, Throwable cause) {
        super(code, status, message, cause);
    }
}
