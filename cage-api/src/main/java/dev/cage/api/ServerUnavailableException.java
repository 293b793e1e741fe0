package dev.cage.api;

/** The server is shutting down, vanished, or did not answer in time. In a container the pooled connection is dropped. */
public class ServerUnavailableException extends CageException {
    private static final long serialVersionUID = 1L;

    public ServerUnavailableException(int code, String status, String message) {
        this(code, status, message, null);
    }

    public ServerUnavailableException(int code, String status, String message, Throwable cause) {
        super(code, status, message, cause);
    }
}
