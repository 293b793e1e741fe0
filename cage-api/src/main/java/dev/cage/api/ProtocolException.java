package dev.cage.api;

/** The client and the node did not understand each other (a malformed or unexpected message, a wrong version). */
public class ProtocolException extends CageException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(int code, String status, String message) {
        this(code, status, message, null);
    }

    public ProtocolException(int code, String status, String message, Throwable cause) {
        super(code, status, message, cause);
    }
}
