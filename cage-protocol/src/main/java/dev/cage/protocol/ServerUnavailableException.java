package dev.cage.protocol;

/** The server is shutting down, vanished, or did not answer within the response timeout. */
public class ServerUnavailableException extends CageException {
    private static final long serialVersionUID = 1L;

    public ServerUnavailableException(Status status, String message) {
        super(status, message);
    }
}
